"""Appeals: the author of moderated content asks for a second look; another moderator decides."""
