"""The minimap in the canvas's corner."""
