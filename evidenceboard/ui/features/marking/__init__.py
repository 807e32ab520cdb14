"""Board > Handling markings: the scheme and the marking of each card."""
