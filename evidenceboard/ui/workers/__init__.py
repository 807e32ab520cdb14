"""Background jobs of the window: each runs off the UI thread and reports by signals."""
