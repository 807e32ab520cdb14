"""The main window's own actions, its menu bar and toolbar.

Each action is an :class:`~evidenceboard.ui.common.actions.ActionSpec` in
:func:`window_specs`: its id, words, keys, icon and what it needs (an open board, one
that may be changed, a selection); the window's registry makes the QActions and
computes their enabling. The menus and the toolbar only arrange them. Features add
theirs through ``window.add_action`` and ``window.menus`` (see ``ui/features``).

The toolbar's Undo and Redo keep short labels; the step's words, which can be a long
card title, are in the menu and the tooltip.
"""

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from evidenceboard.model.cards import CardKind
from evidenceboard.ui.board.editing import BoardEditor
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.common.actions import ActionSpec, Keys, Needs
from evidenceboard.ui.common.plain import plain_tooltip

if TYPE_CHECKING:
    from evidenceboard.ui.board.controller import DocumentController
    from evidenceboard.ui.window.main_window import MainWindow

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


def window_specs(window: "MainWindow") -> list[ActionSpec]:
    """Every action of the window itself, in the order the menus list them."""
    sk = QKeySequence.StandardKey
    N = Needs

    def editor(run: Callable[[BoardEditor], object]) -> Callable[[], object]:
        return lambda: run(window.session.editor) if window.session is not None else None

    def view(run: Callable[[BoardView], object]) -> Callable[[], object]:
        return lambda: run(window.session.view) if window.session is not None else None

    def controller(run: Callable[["DocumentController"], object]) -> Callable[[], object]:
        return lambda: run(window.session.controller) if window.session is not None else None

    def stack_can(undo: bool) -> Callable[[], bool]:
        def can() -> bool:
            session = window.session
            if session is None:
                return False
            stack = session.controller.undo_stack
            return stack.canUndo() if undo else stack.canRedo()

        return can

    specs = [
        ActionSpec("new-board", "&New board…", window.new_board, sk.New),
        ActionSpec("open", "&Open…", window.open_dialog, sk.Open, "open"),
        ActionSpec(
            "save-copy", "Save a cop&y…", window.save_copy_dialog, "Ctrl+Shift+S", needs=N.BOARD
        ),
        ActionSpec(
            "export-png",
            "Board as &PNG…",
            lambda: window.export_dialog("png", False),
            needs=N.BOARD,
        ),
        ActionSpec(
            "export-svg",
            "Board as &SVG…",
            lambda: window.export_dialog("svg", False),
            needs=N.BOARD,
        ),
        ActionSpec(
            "export-selection-png",
            "Se&lection as PNG…",
            lambda: window.export_dialog("png", True),
            needs=N.SELECTION,
        ),
        ActionSpec("close", "&Close board", window.close_board, sk.Close, needs=N.BOARD),
        ActionSpec("quit", "&Quit", window.close, "Ctrl+Q"),
        ActionSpec(
            "undo",
            "&Undo",
            controller(lambda c: c.undo()),
            sk.Undo,
            "undo",
            needs=N.EDITABLE_BOARD,
            when=stack_can(True),
        ),
        ActionSpec(
            "redo",
            "&Redo",
            controller(lambda c: c.redo()),
            [sk.Redo, "Ctrl+Shift+Z", "Ctrl+Y"],
            "redo",
            needs=N.EDITABLE_BOARD,
            when=stack_can(False),
        ),
        ActionSpec("find", "&Find…", window.show_find, sk.Find, "find", needs=N.BOARD),
    ]
    # On the selection or the clipboard: id, words, the editor's step, keys, icon, needs.
    edits: tuple[
        tuple[str, str, Callable[[BoardEditor], object], Keys | Sequence[Keys], str | None, Needs],
        ...,
    ]
    edits = (
        ("cut", "Cu&t", BoardEditor.cut, sk.Cut, None, N.EDITABLE_SELECTION),
        ("copy", "&Copy", BoardEditor.copy, sk.Copy, None, N.SELECTION),
        ("paste", "&Paste", BoardEditor.paste, sk.Paste, None, N.EDITABLE_BOARD),
        ("duplicate", "Dupl&icate", BoardEditor.duplicate, "Ctrl+D", None, N.EDITABLE_SELECTION),
        (
            "delete",
            "&Delete",
            BoardEditor.delete_selection,
            ["Del", "Backspace"],
            "delete",
            N.EDITABLE_SELECTION,
        ),
        ("select-all", "Select &all", BoardEditor.select_all, sk.SelectAll, None, N.BOARD),
    )
    specs[-1:-1] = [ActionSpec(i, t, editor(r), k, c, needs=n) for i, t, r, k, c, n in edits]

    def frame_selected() -> bool:
        session = window.session
        if session is None:
            return False
        cards = session.controller.board.cards
        return any(
            i in cards and cards[i].kind is CardKind.FRAME
            for i in session.view.board_scene.selected_card_ids()
        )

    specs += [
        ActionSpec(
            "new-frame",
            "New &frame around selection",
            editor(BoardEditor.frame_selection),
            "Ctrl+G",
            "frame",
            needs=N.EDITABLE_BOARD,
            status_tip="A named frame that holds the selected cards; drag it to move them all",
        ),
        ActionSpec(
            "collapse-frame",
            "Collapse or e&xpand frame",
            editor(BoardEditor.toggle_frames),
            "Ctrl+Shift+G",
            needs=N.EDITABLE_SELECTION,
            when=frame_selected,
        ),
        ActionSpec(
            "fit-frame",
            "Fi&t frame to its cards",
            editor(BoardEditor.fit_frames),
            needs=N.EDITABLE_SELECTION,
            when=frame_selected,
        ),
    ]
    for kind, key in NEW_CARD_KEYS.items():
        label = f"New &{kind.value}" + ("…" if kind is CardKind.DOCUMENT else "")
        run = window.add_document_dialog if kind is CardKind.DOCUMENT else _new_card(window, kind)
        specs.append(
            ActionSpec(f"new-{kind.value}", label, run, key, kind.value, needs=N.EDITABLE_BOARD)
        )
    # The view: id, words, the view's step, keys, icon, needs.
    views: tuple[
        tuple[str, str, Callable[[BoardView], object], Keys | Sequence[Keys], str | None, Needs],
        ...,
    ]
    views = (
        (
            "zoom-in",
            "Zoom &in",
            lambda v: v.zoom_by(1.25),
            ["Ctrl+=", "Ctrl++"],
            "zoom-in",
            N.BOARD,
        ),
        ("zoom-out", "Zoom &out", lambda v: v.zoom_by(0.8), "Ctrl+-", "zoom-out", N.BOARD),
        ("zoom-reset", "&Actual size", lambda v: v.set_zoom(1.0), "Ctrl+0", None, N.BOARD),
        ("fit", "&Fit board", BoardView.fit_board, "Shift+1", "fit", N.BOARD),
        (
            "zoom-selection",
            "Zoom to s&election",
            BoardView.zoom_to_selection,
            "Shift+2",
            None,
            N.SELECTION,
        ),
    )
    specs += [ActionSpec(i, t, view(r), k, c, needs=n) for i, t, r, k, c, n in views]
    return specs


def icon_colour(window: "MainWindow", spec: ActionSpec) -> str:
    """A new-card action's icon is drawn in its kind's colour, the others in the text's."""
    for kind in NEW_CARD_KEYS:
        if spec.id == f"new-{kind.value}":
            return window.theme.kind_colour(kind).name()
    return window.theme.text


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
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    file_menu.addAction(acts["save-copy"])
    export = file_menu.addMenu("&Export")
    window.menus.update(file=file_menu, export=export)
    for name in ("export-png", "export-svg", "export-selection-png"):
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
    insert.addSeparator()
    for name in ("new-frame", "collapse-frame", "fit-frame"):
        insert.addAction(acts[name])
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
    entities = QMenu("New entity", toolbar)
    for kind in NEW_CARD_KEYS:
        action = acts[f"new-{kind.value}"]
        # The four entity kinds share one button with a menu: four more buttons would
        # push the link legend off a 1280-pixel window.
        if kind.is_entity:
            entities.addAction(action)
            continue
        action.setIconText(kind.value.capitalize())
        toolbar.addAction(action)
    entity_button = QToolButton()
    entity_button.setObjectName("new-entity-button")
    entity_button.setText("Entity")
    person = acts[f"new-{CardKind.PERSON.value}"]
    entity_button.setIcon(person.icon())
    # A theme change draws the action icons again; the button follows the person's.
    person.changed.connect(lambda: entity_button.setIcon(person.icon()))
    entity_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    entity_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    entity_button.setMenu(entities)
    entity_button.setToolTip("New person, organisation, place or event")
    toolbar.addWidget(entity_button)
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


def name_undo_steps(window: "MainWindow", controller: "DocumentController | None") -> None:
    """Name the steps Undo and Redo would take (None: no board, or a read-only one).

    The menu names the step ("Undo Move claim “H1…”"); the toolbar button keeps its
    short label (its icon text) and names the step in its tooltip. Whether they are
    enabled is the registry's to say (their specs need a step to take).
    """
    stack = None if controller is None else controller.undo_stack
    for name, verb in (("undo", "Undo"), ("redo", "Redo")):
        action = window.actions_by_name[name]
        words = ""
        if stack is not None and (stack.canUndo() if name == "undo" else stack.canRedo()):
            words = stack.undoText() if name == "undo" else stack.redoText()
        # "&" in a card title would otherwise mark a menu mnemonic.
        action.setText(f"&{verb} {words.replace('&', '&&')}" if words else f"&{verb}")
        action.setToolTip(plain_tooltip(f"{verb} {words}" if words else verb))
