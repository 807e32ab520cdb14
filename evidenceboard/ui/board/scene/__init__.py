"""The canvas: the scene that mirrors the board, its items and the view."""
