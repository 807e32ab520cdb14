"""Keyboard navigation of the canvas: moving between cards and links without the mouse."""
