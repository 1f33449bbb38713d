"""Reports: anyone flags a comment or proposal for moderators to look at."""
