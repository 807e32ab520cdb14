"""The pure-Python domain model: cards, links, attachments, grading, the Board and its Changes.

Nothing here imports Qt, SQLAlchemy or any other layer; the storage, the window, the CLI,
the analysis and the exporters all build on these types.
"""

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import (
    ArticleContent,
    Card,
    CardContent,
    CardKind,
    ClaimContent,
    Confidence,
    DocumentContent,
    NoteContent,
)
from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    AddLinks,
    Batch,
    Change,
    EditBoard,
    EditCards,
    EditLink,
    MoveCards,
    RemoveAttachment,
    RemoveCards,
    RemoveLinks,
)
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.grading import Grading, GradingScheme, parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength

__all__ = [
    "AddAttachment",
    "AddCards",
    "AddLinks",
    "ArticleContent",
    "Attachment",
    "Batch",
    "Board",
    "BoardInfo",
    "Card",
    "CardContent",
    "CardKind",
    "Change",
    "ChangeError",
    "ClaimContent",
    "Confidence",
    "DocumentContent",
    "EditBoard",
    "EditCards",
    "EditLink",
    "Grading",
    "GradingScheme",
    "InvalidValueError",
    "Link",
    "LinkKind",
    "MoveCards",
    "NoteContent",
    "RemoveAttachment",
    "RemoveCards",
    "RemoveLinks",
    "Strength",
    "parse_grade",
]
