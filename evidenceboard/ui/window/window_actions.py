"""The main window's actions, menu bar and toolbar.

Each action is made once, by name, in :func:`build_actions`, with its platform
shortcut; the menus and the toolbar only arrange them. Features add theirs through
``window.menus`` and ``window.actions_by_name`` (see ``ui/features``).

An action's keys are the platform's bindings of its standard key plus explicit extras,
each key once (:func:`key_sequences`): Qt ignores a key that an action lists twice
("Ambiguous shortcut overload"), and on X11 the standard Redo *is* Ctrl+Shift+Z, so
listing both made Redo dead there. The toolbar's Undo and Redo keep short labels; the
step's words, which can be a long card title, are in the menu and the tooltip.
"""

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from evidenceboard.model.cards import CardKind
from evidenceboard.ui.common.icons import icon
from evidenceboard.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from evidenceboard.ui.board.controller import DocumentController
    from evidenceboard.ui.window.main_window import MainWindow

Keys = QKeySequence.StandardKey | str

NEW_CARD_KEYS = {
    CardKind.CLAIM: "C",
    CardKind.ARTICLE: "A",
    CardKind.NOTE: "N",
    CardKind.DOCUMENT: "D",
    # L draws a link from the keyboard: a place is G, for geography.
    CardKind.PERSON: "P",
    CardKind.ORGANISATION: "O",
    CardKind.LOCATION: "G",
    CardKind.EVENT: "E",
}


def add_action(
    window: "MainWindow",
    name: str,
    text: str,
    slot: Callable[[], object],
    keys: Keys | Sequence[Keys] | None = None,
    icon_name: str | None = None,
    *,
    edits: bool = False,
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    if keys is not None:
        action.setShortcuts(key_sequences(keys))
    if icon_name is not None:
        action.setIcon(icon(icon_name, window.theme.text))
        window.action_icons[name] = icon_name
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    window.actions_by_name[name] = action
    if edits:
        window._editing_actions.append(action)
    return action


def key_sequences(keys: Keys | Sequence[Keys]) -> list[QKeySequence]:
    """The platform's bindings of each standard key, and each explicit key, once each.

    Keys are compared as key sequences, so "Shift+Ctrl+Z" and the standard Redo of X11
    are one key.
    """
    sequences: list[QKeySequence] = []
    for key in [keys] if isinstance(keys, (str, QKeySequence.StandardKey)) else keys:
        if isinstance(key, QKeySequence.StandardKey):
            candidates = QKeySequence.keyBindings(key)
        else:
            candidates = [QKeySequence(key)]
        for sequence in candidates:
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
    return sequences


def recolour_icons(window: "MainWindow") -> None:
    """Draw the actions' icons in the window's theme (after a live theme switch)."""
    kinds = {f"new-{kind.value}": kind for kind in CardKind}
    for name, action in window.actions_by_name.items():
        if (kind := kinds.get(name)) is not None:
            action.setIcon(icon(kind.value, window.theme.kind_colour(kind).name()))
        elif (icon_name := window.action_icons.get(name)) is not None:
            action.setIcon(icon(icon_name, window.theme.text))


def build_actions(window: "MainWindow") -> None:
    """Create every action of the window, by name, with its shortcut."""
    sk = QKeySequence.StandardKey
    a = partial(add_action, window)
    a("new-board", "&New board…", window.new_board, sk.New)
    a("open", "&Open…", window.open_dialog, sk.Open, "open")
    a("save-copy", "Save a cop&y…", window.save_copy_dialog, ["Ctrl+Shift+S"])
    a("export-brief", "PDF &brief…", window.export_brief_dialog, ["Ctrl+Shift+B"])
    a("export-png", "Board as &PNG…", lambda: window.export_dialog("png", False))
    a("export-svg", "Board as &SVG…", lambda: window.export_dialog("svg", False))
    a("export-selection-png", "Se&lection as PNG…", lambda: window.export_dialog("png", True))
    a("close", "&Close board", window.close_board, sk.Close)
    a("quit", "&Quit", window.close, ["Ctrl+Q"])
    a("undo", "&Undo", window._undo, sk.Undo, "undo")
    a("redo", "&Redo", window._redo, [sk.Redo, "Ctrl+Shift+Z", "Ctrl+Y"], "redo")
    a("cut", "Cu&t", lambda: window._edit("cut"), sk.Cut, edits=True)
    a("copy", "&Copy", lambda: window._edit("copy"), sk.Copy)
    a("paste", "&Paste", lambda: window._edit("paste"), sk.Paste, edits=True)
    a("duplicate", "Dupl&icate", lambda: window._edit("duplicate"), "Ctrl+D", edits=True)
    a(
        "delete",
        "&Delete",
        lambda: window._edit("delete_selection"),
        ["Del", "Backspace"],
        "delete",
        edits=True,
    )
    a("select-all", "Select &all", lambda: window._edit("select_all"), sk.SelectAll)
    a("find", "&Find…", window.show_find, sk.Find, "find")
    for kind, key in NEW_CARD_KEYS.items():
        label = f"New &{kind.value}" + ("…" if kind is CardKind.DOCUMENT else "")
        slot = window.add_document_dialog if kind is CardKind.DOCUMENT else _new_card(window, kind)
        a(f"new-{kind.value}", label, slot, key, kind.value, edits=True)
    a("zoom-in", "Zoom &in", lambda: window._zoom(1.25), ["Ctrl+=", "Ctrl++"], "zoom-in")
    a("zoom-out", "Zoom &out", lambda: window._zoom(0.8), ["Ctrl+-"], "zoom-out")
    a("zoom-reset", "&Actual size", lambda: window._view_call("set_zoom", 1.0), "Ctrl+0")
    a("fit", "&Fit board", lambda: window._view_call("fit_board"), "Shift+1", "fit")
    a(
        "zoom-selection",
        "Zoom to s&election",
        lambda: window._view_call("zoom_to_selection"),
        "Shift+2",
    )


def _new_card(window: "MainWindow", kind: CardKind) -> Callable[[], object]:
    return lambda: window.session.editor.new_card(kind) if window.session else None


def build_menus_and_toolbar(window: "MainWindow") -> None:
    """The menu bar and the toolbar, from the actions made by build_actions."""
    acts = window.actions_by_name
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for name in ("new-board", "open"):
        file_menu.addAction(acts[name])
    file_menu.addMenu(window.recent_menu)
    window.recent_menu.aboutToShow.connect(window._fill_recent)
    file_menu.addAction(acts["save-copy"])
    export = file_menu.addMenu("&Export")
    window.menus.update(file=file_menu, export=export)
    for name in ("export-brief", "export-png", "export-svg", "export-selection-png"):
        export.addAction(acts[name])
    file_menu.addSeparator()
    file_menu.addAction(acts["close"])
    file_menu.addAction(acts["quit"])
    edit = bar.addMenu("&Edit")
    window.menus["edit"] = edit
    names: tuple[str | None, ...] = (
        "undo",
        "redo",
        None,
        "cut",
        "copy",
        "paste",
        "duplicate",
        "delete",
        None,
        "select-all",
        "find",
    )
    for entry in names:
        if entry is None:
            edit.addSeparator()
        else:
            edit.addAction(acts[entry])
    insert = bar.addMenu("&Insert")
    window.menus["insert"] = insert
    for kind in NEW_CARD_KEYS:
        if kind is CardKind.PERSON:
            insert.addSeparator()
        insert.addAction(acts[f"new-{kind.value}"])
    view = bar.addMenu("&View")
    window.menus["view"] = view
    window.menus["board"] = bar.addMenu("&Board")
    window.menus["help"] = bar.addMenu("&Help")
    for name in ("zoom-in", "zoom-out", "zoom-reset", "fit", "zoom-selection"):
        view.addAction(acts[name])
    view.addSeparator()
    for dock in (window.inspector_dock, window.outline_dock, window.history_dock):
        view.addAction(dock.toggleViewAction())
    toolbar = QToolBar("Board")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(toolbar)
    for kind in NEW_CARD_KEYS:
        action = acts[f"new-{kind.value}"]
        action.setIcon(icon(kind.value, window.theme.kind_colour(kind).name()))
        # Entities are in the Insert and canvas menus and have keys, not toolbar
        # buttons: four more would push the link legend off a 1280-pixel window.
        if kind.is_entity:
            continue
        action.setIconText(kind.value.capitalize())
        toolbar.addAction(action)
    toolbar.addSeparator()
    for name in ("undo", "redo"):
        acts[name].setIconText(name.capitalize())
        toolbar.addAction(acts[name])
    toolbar.addSeparator()
    for name in ("zoom-out", "zoom-in", "fit"):
        toolbar.addAction(acts[name])
        acts[name].setIconText("")
    spacer = QWidget()
    spacer.setSizePolicy(
        spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
    )
    toolbar.addWidget(spacer)
    toolbar.addWidget(window.legend)


def update_undo_actions(window: "MainWindow", controller: "DocumentController | None") -> None:
    """Enable Undo and Redo and name their steps (None: no board, or a read-only one).

    The menu names the step ("Undo Move claim “H1…”"); the toolbar button keeps its
    short label (its icon text) and names the step in its tooltip.
    """
    stack = None if controller is None else controller.undo_stack
    for name, verb in (("undo", "Undo"), ("redo", "Redo")):
        action = window.actions_by_name[name]
        can, words = False, ""
        if stack is not None and (stack.canUndo() if name == "undo" else stack.canRedo()):
            can, words = True, stack.undoText() if name == "undo" else stack.redoText()
        action.setEnabled(can)
        # "&" in a card title would otherwise mark a menu mnemonic.
        action.setText(f"&{verb} {words.replace('&', '&&')}" if words else f"&{verb}")
        action.setToolTip(plain_tooltip(f"{verb} {words}" if words else verb))
