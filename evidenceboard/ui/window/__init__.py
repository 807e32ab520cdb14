"""The main window and what holds it together: start-up, menus and actions, the session of
one open board, opening and saving files, the message and find bars, and the docks every
window has (`panels/`).
"""
