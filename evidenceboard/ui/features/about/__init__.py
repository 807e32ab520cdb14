"""Help > About: the version, the licences and where the board file is."""
