"""Writing the brief file: atomic replacement, cancellation, progress, layout fallback."""

import gc
import os
from pathlib import Path
from unittest import mock

import pytest
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.doctemplate import LayoutError

from evidenceboard.durable import atomic_output
from evidenceboard.export.brief import page as brief_page
from evidenceboard.export.brief.options import BriefCancelled, BriefError, BriefOptions
from evidenceboard.export.brief.writer import BriefWriter, flatten_tables, write_brief
from evidenceboard.model import Board
from tests.export.conftest import make_board, pdf_text

OLD = b"%PDF-1.4 an older brief that must survive\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_output_replaces_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    with atomic_output(target) as stream:
        stream.write(b"new")
        assert target.read_bytes() == OLD
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


@pytest.fixture
def older_brief(tmp_path: Path) -> Path:
    """A brief file already there, which a new export is to replace."""
    target = tmp_path / "brief.pdf"
    target.write_bytes(OLD)
    return target


def _assert_kept_with_no_temp(target: Path) -> None:
    assert target.read_bytes() == OLD
    assert _leftovers(target.parent) == []


def test_failed_export_keeps_the_old_file_and_leaves_no_temp(
    demo_board: Board, older_brief: Path
) -> None:
    with (
        mock.patch.object(
            brief_page.BriefDocTemplate, "afterFlowable", side_effect=OSError(28, "No space")
        ),
        pytest.raises(BriefError, match="No space"),
    ):
        write_brief(demo_board, older_brief)
    _assert_kept_with_no_temp(older_brief)


def test_cancelled_export_keeps_the_old_file_and_leaves_no_temp(
    demo_board: Board, older_brief: Path
) -> None:
    calls = 0

    def cancel_during_layout() -> bool:
        nonlocal calls
        calls += 1
        return calls > 12

    with pytest.raises(BriefCancelled):
        write_brief(demo_board, older_brief, is_cancelled=cancel_during_layout)
    _assert_kept_with_no_temp(older_brief)


def test_cancel_before_layout_is_prompt(demo_board: Board, tmp_path: Path) -> None:
    with pytest.raises(BriefCancelled):
        write_brief(demo_board, tmp_path / "b.pdf", is_cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_progress_rises_to_its_total(demo_board: Board, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_brief(demo_board, tmp_path / "b.pdf", progress=lambda d, t: seen.append((d, t)))
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert seen[-1][0] == seen[-1][1]
    assert all(d <= t for d, t in seen)
    assert len(seen) > 20


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BriefError, match="does not exist"):
        write_brief(make_board(), tmp_path / "nope" / "b.pdf")


def test_flatten_tables_keeps_the_cell_contents() -> None:
    from reportlab.lib.styles import getSampleStyleSheet

    style = getSampleStyleSheet()["Normal"]
    table = Table([[Paragraph("a", style), [Paragraph("b", style), Paragraph("c", style)]]])
    flat = flatten_tables([Paragraph("x", style), table])
    assert [p.text for p in flat if isinstance(p, Paragraph)] == ["x", "a", "b", "c"]


def test_layout_error_falls_back_to_plain_paragraphs(tmp_path: Path) -> None:
    real_build = brief_page.BriefDocTemplate.build_story
    attempts: list[bool] = []

    def flaky(self: brief_page.BriefDocTemplate, story: list[object]) -> None:
        has_tables = any(isinstance(f, Table) for f in story)
        attempts.append(has_tables)
        if has_tables:
            raise LayoutError("a row taller than a page")
        real_build(self, story)

    path = tmp_path / "b.pdf"
    with mock.patch.object(brief_page.BriefDocTemplate, "build_story", flaky):
        BriefWriter(make_board(), BriefOptions()).write(path)
    assert attempts == [True, False]
    assert "The bridge was closed on Monday." in pdf_text(path)
    assert _leftovers(tmp_path) == []


def test_garbage_collector_runs_again_after_any_export(demo_board: Board, tmp_path: Path) -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    write_brief(
        demo_board, tmp_path / "ok.pdf", progress=lambda _d, _t: seen.append(gc.isenabled())
    )
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(BriefCancelled):
        write_brief(demo_board, tmp_path / "cancelled.pdf", is_cancelled=lambda: True)
    assert gc.isenabled()
    gc.disable()
    try:
        write_brief(demo_board, tmp_path / "again.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_export_leaves_its_document_and_text_objects_to_reference_counting(
    demo_board: Board, tmp_path: Path
) -> None:
    # The collector is paused during an export, so whatever reportlab left in reference
    # cycles waited for one collection that walked it all (hundreds of thousands of
    # objects for a large brief).
    write_brief(demo_board, tmp_path / "warm.pdf")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        write_brief(demo_board, tmp_path / "brief.pdf")
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not left & {"ShapingTextObject", "PDFDocument", "PDFPage", "ParaFrag", "FragLine"}
