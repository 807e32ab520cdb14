"""The Timeline dock: the chronology on a zoomable time axis, in lanes."""
