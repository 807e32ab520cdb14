"""One open board in the window: document, undo stack, scene, view, panels, analysis.

The main window holds at most one session; opening another board builds a new session
first and only then closes the old one, so a board that fails to open leaves the
window as it was.
"""

from PySide6.QtCore import QObject

from evidenceboard.storage.document import BoardDocument
from evidenceboard.ui.board.analysis_runner import AnalysisRunner
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.editing import BoardEditor
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.board.scene.overview_item import OverviewItem
from evidenceboard.ui.common.theme import Theme
from evidenceboard.ui.window.panels.inspector import Inspector
from evidenceboard.ui.window.panels.outline import Outline


class BoardSession(QObject):
    """Everything that exists while one board is open."""

    def __init__(
        self, document: BoardDocument, theme: Theme, overview: OverviewItem | None = None
    ) -> None:
        """``overview``: the batched drawing of this board made while it loaded, if any."""
        super().__init__()
        self.controller = DocumentController(document, self)
        self.scene = BoardScene(
            document.board, theme, editable=not document.read_only, overview=overview
        )
        self.view = BoardView(self.scene, self.controller)
        self.editor = BoardEditor(self.controller, self.view)
        self.inspector = Inspector(self.controller, self.scene)
        self.outline = Outline(document.board, self.scene, self._reveal)
        self.analysis = AnalysisRunner(document.board, self)
        self.analysis.statuses_changed.connect(self.scene.set_statuses)
        self.analysis.run_now()

    @property
    def document(self) -> BoardDocument:
        return self.controller.document

    def _reveal(self, card_id: str) -> None:
        self.view.centre_on_card(card_id)

    def close(self) -> None:
        """Stop observing the board, then close the file (releasing its lock)."""
        self.analysis.close()
        self.inspector.detach()
        self.outline.detach()
        self.scene.detach()
        self.controller.close()
        for widget in (self.view, self.inspector, self.outline):
            widget.setParent(None)
            widget.deleteLater()
        self.scene.deleteLater()
