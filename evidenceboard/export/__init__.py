"""Exporters: what leaves the laptop (the PDF brief and other formats).

Exporters read the in-memory model (and the analysis of it) and write files; they never
open a board file themselves, so the caller decides where the board and its attachment
bytes come from.
"""
