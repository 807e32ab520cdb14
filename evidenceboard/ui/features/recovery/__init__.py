"""Snapshots and recovery: the periodic snapshot job and the dialog that restores a board."""
