"""Bringing material in: the import pipeline's window side, drops and pastes, the reader of
a card's text, and the search panel.
"""
