"""The timeline feature: the Timeline dock, following the open board.

The dock is built once with the window (so the first layout puts it in the column
beside the canvas, a tab beside the Inspector and the Analysis) and holds a fresh
:class:`~evidenceboard.ui.features.timeline.panel.Timeline` for each board opened; View >
Timeline shows or hides it.
"""

from PySide6.QtCore import Qt

from evidenceboard.ui.common.docks import panel_dock
from evidenceboard.ui.common.plain import plain_label
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.features.timeline.panel import Timeline
from evidenceboard.ui.window.host import WindowFeature, WindowHost
from evidenceboard.ui.window.session import BoardSession


def install(window: "WindowHost") -> None:
    """Add the Timeline dock and its View menu entry."""
    TimelineFeature(window)


class TimelineFeature(WindowFeature):
    """Keeps the Timeline dock on the open board."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "timeline-feature")
        self.timeline: Timeline | None = None
        self.dock = panel_dock("Timeline", "timeline-dock", window.widget())
        self.dock.setMinimumWidth(300)
        self._show_empty()
        window.widget().addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        toggle = self.dock.toggleViewAction()
        toggle.setObjectName("show-timeline")
        window.menus["view"].addAction(toggle)
        window.session_changed.connect(self.attach)
        window.theme_changed.connect(self._theme_changed)
        self.attach(window.session)

    def _show_empty(self) -> None:
        label = plain_label("Open a board to see its dated items in time order.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.dock.setWidget(label)

    def attach(self, session: BoardSession | None) -> None:
        """Show the timeline of ``session``'s board (None: no board is open)."""
        old, self.timeline = self.timeline, None
        if old is not None:
            old.detach()
            old.deleteLater()
        if session is None:
            self._show_empty()
            return
        self.timeline = Timeline(
            session.document.board, session.scene, self.window.theme, session.view.centre_on_card
        )
        self.dock.setWidget(self.timeline)

    def _theme_changed(self, theme: Theme) -> None:
        if self.timeline is not None:
            self.timeline.set_theme(theme)
