"""Write the PDF brief of a board: the public entry point of the brief exporter.

:func:`write_brief` (or :class:`BriefWriter`) assembles the story (cover, executive
summary, diagram, claim sections, ACH matrix, entities, chronology, sources appendix),
lays it out once and writes it atomically: a failed or cancelled export leaves any
earlier file of the same name untouched and no temporary file behind.

Python's cyclic garbage collector is paused while a brief is written: the story of a
large board is some hundreds of thousands of objects, and the collector kept walking
them, about a tenth of the export time of a 1,000-claim brief. Reference counting still
frees almost everything; the brief holds some 40 MB more at its peak for 1,000 claims.
The pause is process-wide, so it ends when the export ends, whatever its outcome.

If reportlab cannot lay out the story (``LayoutError``: a table row taller than a page,
for instance), the export is retried once with every table flattened into plain
paragraphs, so a hostile or unusual board still yields a readable brief.
"""

import io
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Table
from reportlab.platypus.doctemplate import LayoutError

from evidenceboard.durable import atomic_output
from evidenceboard.export.brief.chronology import chronology_section
from evidenceboard.export.brief.claims import ClaimSections
from evidenceboard.export.brief.custody import custody_appendix
from evidenceboard.export.brief.entities import entity_section
from evidenceboard.export.brief.fonts import prepare_reportlab
from evidenceboard.export.brief.judgements import key_judgements
from evidenceboard.export.brief.marking import leave_out_above, plan_markings
from evidenceboard.export.brief.markup import clean, shorten
from evidenceboard.export.brief.options import (
    BriefCancelled,
    BriefError,
    BriefOptions,
    BriefSection,
    CancelCheck,
    ProgressCallback,
)
from evidenceboard.export.brief.page import BriefDocTemplate, PageDecoration, chapter_heading
from evidenceboard.export.brief.parts import BriefParts
from evidenceboard.export.brief.scope import decide_scope, resolve_ids
from evidenceboard.export.brief.styles import BriefStyles
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.board import Board
from evidenceboard.model.clock import utc_now
from evidenceboard.model.collector_pause import collector_paused

if TYPE_CHECKING:
    from evidenceboard.model.cards import Card

#: Footer credit; also the PDF's Creator.
PRODUCT = "EvidenceBoard"


def flatten_tables(story: Iterable[Flowable]) -> list[Flowable]:
    """The story with every table (and keep-together group) replaced by its contents."""
    flat: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, Table):
            for row in flowable._cellvalues:
                for cell in row:
                    cells = cell if isinstance(cell, list | tuple) else [cell]
                    flat += flatten_tables(c for c in cells if isinstance(c, Flowable))
        elif isinstance(flowable, KeepTogether):
            flat += flatten_tables(flowable._content)
        else:
            flat.append(flowable)
    return flat


class BriefWriter:
    """Builds and writes one brief."""

    def __init__(
        self,
        board: Board,
        options: BriefOptions | None = None,
        *,
        progress: ProgressCallback | None = None,
        is_cancelled: CancelCheck | None = None,
    ) -> None:
        self.board = board
        self.options = options or BriefOptions()
        self.progress = progress
        self.is_cancelled = is_cancelled
        #: Progress steps spent building the story; the layout continues from there.
        self._story_steps = 0
        #: The claims and sources the brief covers (for the manifest).
        self._cited: tuple[Card, ...] = ()
        #: What the user should know about a written brief (scripts without a font).
        self.warnings: tuple[str, ...] = ()
        #: The marking on every page, decided when the story is built.
        self._banner = ""

    def _check_cancel(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise BriefCancelled("The export was cancelled.")

    def _texts(self) -> tuple[str, str, str]:
        info = self.board.info
        opts = self.options
        title = clean(opts.title if opts.title is not None else info.title).strip()
        # The board's authors are recorded from account names: never printed as the
        # person who prepared the brief unless the caller chose the name.
        author = opts.author or ""
        return (
            title or "Untitled board",
            clean(author).replace("\n", " ").strip(),
            clean(self._banner).replace("\n", " ").strip(),
        )

    def _board_and_options(self) -> tuple[Board, BriefOptions, int]:
        """The board to brief (less any cards left out), the options for it, how many left."""
        opts = self.options
        if not opts.leave_out_above:
            return self.board, opts, 0
        board, left = leave_out_above(self.board, opts.marking or "")
        if not left:
            return board, opts, 0
        gone = set(left)
        claim_ids = card_ids = None
        if opts.claim_ids is not None:
            claim_ids = tuple(i for i in resolve_ids(self.board, opts.claim_ids) if i not in gone)
            if not claim_ids:
                raise BriefError(
                    f"Every chosen claim is marked above {opts.marking}; nothing is left to brief."
                )
        if opts.card_ids is not None:
            card_ids = tuple(i for i in resolve_ids(self.board, opts.card_ids) if i not in gone)
        return board, replace(opts, claim_ids=claim_ids, card_ids=card_ids), len(left)

    def build_story(self) -> list[Flowable]:
        """Every flowable of the brief, in order (progress counts one step per claim)."""
        sections = self.options.sections
        styles = BriefStyles()
        text = BriefText(styles, self.options.max_text_chars)
        board, options, left_out = self._board_and_options()
        scope = decide_scope(
            board,
            options,
            claims_section=BriefSection.CLAIMS in sections,
            sources_section=BriefSection.SOURCES in sections,
        )
        plan = plan_markings(scope, options.marking)
        self._banner = plan.banner
        scope = replace(scope, portions=plan.portions, markings=plan.markings)
        self._cited = (*scope.claims, *scope.sources)
        claims = ClaimSections(scope, styles, text)
        parts = BriefParts(scope, text, claims)
        title, author, marking = self._texts()
        date = self.options.date or utc_now()
        total = len(scope.claims)
        left_note = (
            f"{left_out} card{'s' if left_out != 1 else ''} marked above {marking} left out"
            if left_out
            else ""
        )
        story = parts.cover(title, author, marking, date, left_note, plan.scheme)
        if BriefSection.SUMMARY in sections:
            story += key_judgements(scope, text)
            story += parts.summary()
        if BriefSection.DIAGRAM in sections:
            story += parts.diagram()
        if BriefSection.CLAIMS in sections:
            story.append(chapter_heading("Claims", styles, "claims"))
            for number, claim in enumerate(scope.claims, start=1):
                self._check_cancel()
                story += claims.claim_section(number, claim)
                self._story_steps = number
                if self.progress is not None:
                    self.progress(number, total + 1)
        if BriefSection.ACH in sections:
            story += parts.ach()
        if BriefSection.CLAIMS in sections:
            # The entities belong with the claims they are linked to: no section of their own.
            story += entity_section(scope, text, claims)
        if BriefSection.CHRONOLOGY in sections:
            story += chronology_section(scope, styles, text, claims)
        if BriefSection.SOURCES in sections:
            story += claims.sources_appendix()
        if options.history is not None:
            story += custody_appendix(scope, text, options.history)
        self.warnings = tuple(
            f"No font on this computer draws {label}; those characters print as empty "
            "boxes. Install a font for them (Noto Sans has one) and export again."
            for label in sorted(text.unprintable)
        )
        return story

    def write(self, path: Path) -> tuple[str, ...]:
        """Write the brief to ``path`` and return its :attr:`warnings`.

        Raises :class:`BriefCancelled` or :class:`BriefError`.
        """
        prepare_reportlab()
        path = Path(path)
        if not path.parent.is_dir():
            raise BriefError(f"The folder {path.parent} does not exist.")
        with collector_paused():
            story = self.build_story()
            try:
                self._lay_out(path, story)
            except LayoutError:
                self._lay_out(path, flatten_tables(story))
            except OSError as exc:
                raise BriefError(f"Could not write {path.name}: {exc.strerror or exc}") from exc
        return self.warnings

    def _lay_out(self, path: Path, story: list[Flowable]) -> None:
        title, author, marking = self._texts()
        date = (self.options.date or utc_now()).strftime("%Y-%m-%d")
        decoration = PageDecoration(
            title=shorten(title, 110),
            marking=marking,
            footer_note=f"{PRODUCT} brief · {date}",
        )
        sealed = self.options.manifest or self.options.signing is not None
        with atomic_output(path) as stream:
            buffer = io.BytesIO()
            laid_out: BinaryIO = buffer if sealed else stream
            doc = BriefDocTemplate(
                laid_out,
                decoration,
                progress=self.progress,
                is_cancelled=self.is_cancelled,
                progress_offset=self._story_steps,
                title=title,
                author=author,
                subject=shorten(clean(self.board.info.description), 300) or "Evidence brief",
                keywords=marking,
            )
            doc.build_story(story)
            if sealed:
                stream.write(self._sealed(buffer.getvalue()))

    def _sealed(self, pdf: bytes) -> bytes:
        from evidenceboard.export.brief.signing import finish_pdf

        return finish_pdf(
            pdf,
            board_id=self.board.info.id,
            cited=self._cited,
            with_manifest=self.options.manifest,
            signing=self.options.signing,
        )


def write_brief(
    board: Board,
    path: Path,
    options: BriefOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> tuple[str, ...]:
    """Write the PDF brief of ``board`` to ``path`` (atomically); return its warnings."""
    return BriefWriter(board, options, progress=progress, is_cancelled=is_cancelled).write(path)
