"""The pure-Python domain model: cards, links, attachments, grading, the Board and its Changes.

Nothing here imports Qt, SQLAlchemy or any other layer; the storage, the window, the CLI,
the analysis and the exporters all build on these types.

The names below load their modules on first use, so that a part which needs only, say,
:mod:`evidenceboard.model.cards` does not load :mod:`evidenceboard.model.board` and its
signal library with it (the command line's ``--help`` reads the card kinds and nothing
else).
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names

if TYPE_CHECKING:
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
        PersonContent,
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

__getattr__ = lazy_names(
    __name__,
    {
        ".attachments": ("Attachment",),
        ".board": ("Board", "BoardInfo"),
        ".cards": (
            "ArticleContent",
            "Card",
            "CardContent",
            "CardKind",
            "ClaimContent",
            "Confidence",
            "DocumentContent",
            "NoteContent",
            "EntityContent",
            "EventContent",
            "LocationContent",
            "OrganisationContent",
            "PersonContent",
        ),
        ".changes": (
            "AddAttachment",
            "AddCards",
            "AddLinks",
            "Batch",
            "Change",
            "EditBoard",
            "EditCards",
            "EditLink",
            "MoveCards",
            "RemoveAttachment",
            "RemoveCards",
            "RemoveLinks",
        ),
        ".errors": ("ChangeError", "InvalidValueError"),
        ".grading": ("Grading", "GradingScheme", "parse_grade"),
        ".links": ("Link", "LinkKind", "Strength"),
    },
)


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
    "EntityContent",
    "EventContent",
    "Grading",
    "GradingScheme",
    "InvalidValueError",
    "Link",
    "LinkKind",
    "LocationContent",
    "MoveCards",
    "NoteContent",
    "OrganisationContent",
    "PersonContent",
    "RemoveAttachment",
    "RemoveCards",
    "RemoveLinks",
    "Strength",
    "parse_grade",
]
