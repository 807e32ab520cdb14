"""Preferences: the author name, the theme and the text size."""
