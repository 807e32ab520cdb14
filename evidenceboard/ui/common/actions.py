"""Actions as data: what each does, its keys and icon, and what it needs to be enabled.

Every action of a window, the window's own and each feature's, is an :class:`ActionSpec`
added to the window's :class:`ActionRegistry`. Whether it is enabled is computed in one
place, :meth:`ActionRegistry.refresh`, from what the spec needs (:class:`Needs`: an open
board, one that may be changed, a selection) and the spec's own condition (a task
running, a board linked to a team server), whenever the window's state changes. No
code keeps a hand-written list of which actions to switch on or off, so an action added
tomorrow is enabled exactly when it can run.

An action's keys are the platform's bindings of its standard key plus explicit extras,
each key once (:func:`key_sequences`): Qt ignores a key that an action lists twice
("Ambiguous shortcut overload"), and on X11 the standard Redo *is* Ctrl+Shift+Z, so
listing both made Redo dead there.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum, auto
from typing import assert_never

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from evidenceboard.ui.common.icons import icon

Keys = QKeySequence.StandardKey | str


class Needs(Enum):
    """What an action needs of the window before it can run.

    Nothing; an open board; one that may be changed (not read-only); something selected
    on an open board; something selected on a board that may be changed.
    """

    NOTHING = auto()
    BOARD = auto()
    EDITABLE_BOARD = auto()
    SELECTION = auto()
    EDITABLE_SELECTION = auto()


@dataclass(frozen=True, slots=True)
class WindowState:
    """What :class:`Needs` are checked against."""

    board: bool = False
    editable: bool = False
    selection: bool = False


def needs_met(needs: Needs, state: WindowState) -> bool:
    match needs:
        case Needs.NOTHING:
            return True
        case Needs.BOARD:
            return state.board
        case Needs.EDITABLE_BOARD:
            return state.board and state.editable
        case Needs.SELECTION:
            return state.board and state.selection
        case Needs.EDITABLE_SELECTION:
            return state.board and state.editable and state.selection
        case _:
            assert_never(needs)


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One action: its id (the QAction's object name), words, what it runs and needs."""

    id: str
    text: str
    run: Callable[[], object]
    keys: Keys | Sequence[Keys] | None = None
    icon: str | None = None
    needs: Needs = Needs.NOTHING
    #: A condition of the action's own, checked after ``needs`` (None: always met).
    when: Callable[[], bool] | None = None
    #: The status bar's words while the pointer is on the action.
    status_tip: str = ""
    #: The widgets the keys work in: the whole window unless said otherwise.
    shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut
    #: An on/off action (View > Minimap); ``run`` is called after it switched.
    checkable: bool = False
    checked: bool = False
    #: Where the platform puts it (About and Preferences on macOS).
    menu_role: QAction.MenuRole = QAction.MenuRole.TextHeuristicRole


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


class ActionRegistry:
    """The actions of one window, by id, and the one place their enabling is computed."""

    def __init__(self, window: QWidget, icon_colour: Callable[[ActionSpec], str]) -> None:
        """``icon_colour`` gives the colour each action's icon is drawn in."""
        self._window = window
        self._icon_colour = icon_colour
        self._specs: dict[str, ActionSpec] = {}
        self._state = WindowState()
        #: The QActions by id; menus, the toolbar and tests look actions up here.
        self.by_id: dict[str, QAction] = {}

    def add(self, spec: ActionSpec) -> QAction:
        """Make the spec's QAction, owned by the window and working in all of it."""
        if spec.id in self._specs:
            raise ValueError(f"Two actions are called {spec.id}.")
        action = QAction(spec.text, self._window)
        action.setObjectName(spec.id)
        if spec.keys is not None:
            action.setShortcuts(key_sequences(spec.keys))
            action.setShortcutContext(spec.shortcut_context)
        if spec.icon is not None:
            action.setIcon(icon(spec.icon, self._icon_colour(spec)))
        if spec.status_tip:
            action.setStatusTip(spec.status_tip)
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(spec.checked)
        action.setMenuRole(spec.menu_role)
        run = spec.run
        action.triggered.connect(lambda _checked=False: run())
        self._window.addAction(action)
        self._specs[spec.id] = spec
        self.by_id[spec.id] = action
        action.setEnabled(self._enabled(spec))
        return action

    def spec(self, action_id: str) -> ActionSpec:
        return self._specs[action_id]

    def __iter__(self) -> Iterator[ActionSpec]:
        return iter(self._specs.values())

    def refresh(self, state: WindowState | None = None) -> None:
        """Enable each action that can run now (``state``: the window's, when it changed)."""
        if state is not None:
            self._state = state
        for spec in self._specs.values():
            self.by_id[spec.id].setEnabled(self._enabled(spec))

    def _enabled(self, spec: ActionSpec) -> bool:
        return needs_met(spec.needs, self._state) and (spec.when is None or spec.when())

    def recolour(self) -> None:
        """Draw the icons again (after a change of theme)."""
        for spec in self._specs.values():
            if spec.icon is not None:
                self.by_id[spec.id].setIcon(icon(spec.icon, self._icon_colour(spec)))
