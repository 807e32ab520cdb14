"""Building blocks every part of the window uses: settings, appearance and theme, icons,
plain-text widgets, opening dialogs, and the one background-task primitive.
"""
