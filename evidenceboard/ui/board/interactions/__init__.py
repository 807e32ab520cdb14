"""Canvas gestures, one class each, with a start/finish/cancel life."""
