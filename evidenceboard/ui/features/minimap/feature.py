"""The minimap feature: View > Minimap, and a minimap on each open board's canvas.

Whether it shows is remembered between runs (``settings.minimap_shown``).
"""

from evidenceboard.ui.board.scene.minimap import Minimap
from evidenceboard.ui.common import settings
from evidenceboard.ui.common.actions import ActionSpec
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.window.host import WindowFeature, WindowHost
from evidenceboard.ui.window.session import BoardSession


def install(window: "WindowHost") -> None:
    """Add View > Minimap and keep a minimap on the open board's canvas."""
    MinimapFeature(window)


class MinimapFeature(WindowFeature):
    """Keeps a minimap on the open board's canvas while View > Minimap is checked."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "minimap-feature")
        self.minimap: Minimap | None = None
        self.action = window.add_action(
            ActionSpec(
                "show-minimap",
                "&Minimap",
                lambda: self._toggled(self.action.isChecked()),
                status_tip="Show the whole board in a corner of the canvas",
                checkable=True,
                checked=settings.minimap_shown(),
            )
        )
        window.menus["view"].addAction(self.action)
        window.session_changed.connect(self.attach)
        window.theme_changed.connect(self._theme_changed)
        self.attach(window.session)

    def attach(self, session: BoardSession | None) -> None:
        old, self.minimap = self.minimap, None
        if old is not None:
            old.detach()
            old.hide()
            old.deleteLater()
        if session is not None:
            self.minimap = Minimap(session.view, self.window.theme)
            self.minimap.setVisible(self.action.isChecked())

    def _toggled(self, shown: bool) -> None:
        settings.set_minimap_shown(shown)
        if self.minimap is not None:
            self.minimap.setVisible(shown)

    def _theme_changed(self, theme: Theme) -> None:
        if self.minimap is not None:
            self.minimap.set_theme(theme)
