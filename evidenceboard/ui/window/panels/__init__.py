"""Docked panels beside the canvas: inspector, outline, history."""
