"""The open board in the window: the controller over the document and its undo stack, the
commands on that stack, editing and the clipboard, the analysis runner, the canvas
(`scene/`) and its gestures (`interactions/`).
"""
