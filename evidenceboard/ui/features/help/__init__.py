"""The Help menu: the user guide, Getting started and the linking guide."""
