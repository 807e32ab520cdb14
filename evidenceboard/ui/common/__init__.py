"""Building blocks every part of the window uses: settings, appearance and theme, icons,
plain-text widgets, opening dialogs, docks, and the one background-task primitive.
"""
