"""Site-wide pages: home, language choice, health."""
