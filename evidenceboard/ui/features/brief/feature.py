"""File > Export > PDF brief…: the dialog over the open board, written in the background."""

from typing import TYPE_CHECKING

from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec, Needs
from evidenceboard.ui.features.brief.dialog import BriefDialog, open_brief_dialog

if TYPE_CHECKING:
    from evidenceboard.ui.window.host import WindowHost


def show_brief_dialog(window: "WindowHost") -> BriefDialog | None:
    """The brief dialog for the open board, its selection preset (None: no board)."""
    session = window.session
    if session is None:
        return None
    return open_brief_dialog(
        window.widget(),
        session.document,
        session.scene.selected_card_ids(),
        settings.chosen_author_name(),
    )


def install(window: "WindowHost") -> None:
    """Put PDF brief… first in File > Export, with Ctrl+Shift+B."""
    action = window.add_action(
        ActionSpec(
            "export-brief",
            "PDF &brief…",
            lambda: show_brief_dialog(window),
            "Ctrl+Shift+B",
            needs=Needs.BOARD,
        )
    )
    export = window.menus["export"]
    existing = export.actions()
    if existing:
        export.insertAction(existing[0], action)
    else:
        export.addAction(action)
