"""Words measured once per brief: the widths, and the brief, are the measured ones."""

from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

import pytest
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph as paragraph_module

from evidenceboard.export.brief import BriefOptions, fonts, write_brief
from evidenceboard.export.brief import word_widths as word_widths_module
from evidenceboard.export.brief.fonts import BODY_FONT, BOLD_FONT, prepare_reportlab
from evidenceboard.export.brief.word_widths import word_width
from tests.demo_boards import demo_board_in_memory


def test_word_widths_are_the_measured_widths() -> None:
    prepare_reportlab()
    for text in ("convoy", "", "Ελληνικά", "convoy", "  two words ", "🔥"):
        for font in (BODY_FONT, BOLD_FONT):
            for size in (7.5, 9, 9.0, 12):
                assert word_width(text, font, size) == pdfmetrics.stringWidth(text, font, size)


def test_line_breaking_measures_through_the_memory_and_a_new_brief_starts_it_again() -> None:
    prepare_reportlab()
    assert paragraph_module.stringWidth is word_width
    word_width("remembered", BODY_FONT, 9)
    assert ("remembered", BODY_FONT, 9, "utf8") in word_widths_module._widths
    prepare_reportlab()
    assert ("remembered", BODY_FONT, 9, "utf8") not in word_widths_module._widths


def test_the_memory_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    prepare_reportlab()
    monkeypatch.setattr(word_widths_module, "MAX_WORDS", 10)
    for n in range(35):
        word_width(f"word{n}", BODY_FONT, 9)
    assert len(word_widths_module._widths) <= 10


def test_the_brief_is_the_same_with_widths_measured_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # reportlab's invariant mode leaves the date and document id out, so the bytes compare.
    monkeypatch.setattr(rl_config, "invariant", 1)
    board = demo_board_in_memory()
    options = BriefOptions(date=datetime(2025, 3, 14, 12, 0, tzinfo=UTC))
    write_brief(board, tmp_path / "remembered.pdf", options)
    with mock.patch.object(fonts, "word_width", pdfmetrics.stringWidth):
        write_brief(board, tmp_path / "measured.pdf", options)
    assert (tmp_path / "remembered.pdf").read_bytes() == (tmp_path / "measured.pdf").read_bytes()
