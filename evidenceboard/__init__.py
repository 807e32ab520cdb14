"""EvidenceBoard: an offline evidence board for investigators."""

__version__ = "0.1.0"
