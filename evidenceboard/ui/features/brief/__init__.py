"""File > Export brief: the brief dialog and the background job that writes the PDF."""
