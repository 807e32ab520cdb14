"""Sharing copies and merging them back: the share and merge dialogs."""
