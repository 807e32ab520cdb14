"""The PDF brief: what a board says, laid out for a reader outside the tool.

The public face is small: build :class:`BriefOptions`, call :func:`write_brief`, and
catch :class:`BriefError` (:class:`MarkingRefused` when the handling markings forbid the
brief asked for, :class:`BriefCancelled` when the caller stopped it). A
:class:`SigningRequest` asks for a signed PDF; its password never passes through
arguments but through :data:`PASSWORD_VARIABLE`. Everything else in the package (page
furniture, claim sections, the diagram and its routing, fonts per script, the bidi
algorithm, reportlab markup) is how the brief is made and may change.

The names are loaded on first use, so a command that only parses brief options does not
pay for reportlab.
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names

if TYPE_CHECKING:
    from evidenceboard.export.brief.marking import MarkingRefused
    from evidenceboard.export.brief.options import (
        ALL_SECTIONS,
        BriefCancelled,
        BriefError,
        BriefOptions,
        BriefSection,
    )
    from evidenceboard.export.brief.signing import (
        MANIFEST_NAME,
        PASSWORD_VARIABLE,
        SigningRequest,
    )
    from evidenceboard.export.brief.writer import write_brief

__getattr__ = lazy_names(
    __name__,
    {
        ".marking": ("MarkingRefused",),
        ".options": (
            "ALL_SECTIONS",
            "BriefCancelled",
            "BriefError",
            "BriefOptions",
            "BriefSection",
        ),
        ".signing": ("MANIFEST_NAME", "PASSWORD_VARIABLE", "SigningRequest"),
        ".writer": ("write_brief",),
    },
)


__all__ = [
    "ALL_SECTIONS",
    "MANIFEST_NAME",
    "PASSWORD_VARIABLE",
    "BriefCancelled",
    "BriefError",
    "BriefOptions",
    "BriefSection",
    "MarkingRefused",
    "SigningRequest",
    "write_brief",
]
