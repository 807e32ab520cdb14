"""The choice of scope a dialog offers over a board with frames: the whole board or one frame.

The share dialog and the brief dialog ask the same question in the same words, so they
take the same widget: "Whole board", then "Only this frame: …" for each frame, by title.
The frame the user had selected on the canvas when the dialog opened is preselected,
since selecting a frame and then asking to share or brief is asking about that frame.
Titles are board text: a combo box's items are plain text, and each title is put on one
line and cut, so a hostile or long one can neither break the list nor widen the dialog.
"""

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox

from evidenceboard.model.board import Board
from evidenceboard.model.frames import frames
from evidenceboard.model.short_text import shorten

#: Longest frame title shown in the choice.
TITLE_CHARS = 80


def frame_title(title: str) -> str:
    """A frame's title on one line, cut to :data:`TITLE_CHARS` characters."""
    return shorten(" ".join(title.split()), TITLE_CHARS)


def frame_choice(board: Board, selected: Iterable[str] = ()) -> QComboBox:
    """The choice of scope; each item's data is a frame id, or None for the whole board.

    The first frame among ``selected`` is the one chosen; with none, the whole board.
    """
    combo = QComboBox()
    combo.addItem("Whole board", None)
    for frame in sorted(frames(board), key=lambda f: (f.display_title.casefold(), f.id)):
        combo.addItem(f"Only this frame: {frame_title(frame.display_title)}", frame.id)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(24)
    for card_id in selected:
        index = combo.findData(card_id)
        if index > 0:
            combo.setCurrentIndex(index)
            break
    return combo


def chosen_frame(combo: QComboBox) -> str | None:
    """The id of the frame chosen in a :func:`frame_choice`; None for the whole board."""
    data = combo.currentData()
    return data if isinstance(data, str) else None
