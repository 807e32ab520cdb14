"""One verdict, one set of words: the badges, the Analysis dock, ``analyze`` and the brief.

The demo board, with a claim added that rests only on an E5 forum post and an F6 channel
post, so every view also has to show the weakly-sourced status, and never in green.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from evidenceboard.analysis import ClaimStatus
from evidenceboard.cli import main
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.ui.common.theme import DARK, LIGHT
from evidenceboard.ui.features.analysis.feature import AnalysisFeature
from evidenceboard.ui.window.main_window import MainWindow
from tests.export.conftest import analyse_and_write_brief, pdf_text

WEAK_TITLE = "The convoy carried Assad's family"


@pytest.fixture
def demo_path(board_dir: Path) -> Path:
    path = board_dir / "demo.evboard"
    claim = make_card(CardKind.CLAIM, WEAK_TITLE, "tester", x=0.0, y=2400.0)
    forum = make_card(
        CardKind.ARTICLE,
        "Anonymous forum post",
        "tester",
        x=400.0,
        y=2400.0,
        grading=parse_grade("E5"),
    )
    channel = make_card(
        CardKind.DOCUMENT,
        "Telegram channel post",
        "tester",
        x=800.0,
        y=2400.0,
        grading=parse_grade("F6"),
    )
    links = tuple(
        make_link(c.id, claim.id, LinkKind.CORROBORATES, "tester", rationale="says so")
        for c in (forum, channel)
    )
    document = create_demo_board(path)
    try:
        document.apply(AddCards((claim, forum, channel), links))
    finally:
        document.close()
    return path


def _cli_statuses(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    capsys.readouterr()
    assert main(["analyze", str(path)]) == 0
    found: dict[str, str] = {}
    title = ""
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("* ") and not line.startswith("* ["):
            title = line[2:].removesuffix(" [hypothesis]")
        match = re.match(r"  status: (.+), independent origins: \d+$", line)
        if match:
            found[title] = match.group(1)
    return found


def test_every_view_says_the_same_status_words(
    window: MainWindow, demo_path: Path, qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    _board, analysis, pdf = analyse_and_write_brief(demo_path)
    expected = {analysis.titles[a.claim_id]: a.status.words for a in analysis.claims}
    assert expected[WEAK_TITLE] == "Weakly sourced"
    assert "Single source" in expected.values() and "Contested" in expected.values()

    assert _cli_statuses(demo_path, capsys) == expected

    capsys.readouterr()
    assert main(["analyze", str(demo_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {c["title"]: c["status_words"] for c in data["claims"]} == expected
    assert {c["title"]: ClaimStatus(c["status"]).words for c in data["claims"]} == expected

    text = pdf_text(pdf)
    counts = Counter(expected.values())
    summary = ", ".join(
        f"{counts[s.words]} {s.words.lower()}" for s in ClaimStatus if counts[s.words]
    )
    assert f"claims: {summary}." in " ".join(text.split())
    for words in counts:
        assert words.upper() in text

    feature = window.findChild(AnalysisFeature)
    assert feature is not None and window.session is not None
    session = window.session
    qtbot.waitUntil(lambda: session.analysis.latest is not None)
    feature.panel.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(list(feature.panel.claims.rows())) == len(expected))
    assert {r.text(1): r.text(0) for r in feature.panel.claims.rows()} == expected

    items = {
        analysis.titles[a.claim_id]: session.scene.card_item(a.claim_id) for a in analysis.claims
    }

    def badges() -> dict[str, str]:
        return {t: i.badge_texts[-1] if i and i.badge_texts else "" for t, i in items.items()}

    qtbot.waitUntil(lambda: all(badges().values()))
    assert badges() == expected


def test_weakly_sourced_is_never_drawn_green() -> None:
    for theme in (LIGHT, DARK):
        weak = theme.status_colour(ClaimStatus.WEAKLY_SOURCED.value)
        assert weak != QColor(theme.muted)
        for other in ClaimStatus:
            if other is not ClaimStatus.WEAKLY_SOURCED:
                assert weak != theme.status_colour(other.value)
        # Green dominates neither channel: red is the strongest part of the hue.
        assert weak.red() > weak.green() and weak.red() > weak.blue()


def test_the_window_explains_a_refused_duplicate_link(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    board = session.document.board
    existing = next(link for link in board.links.values() if link.kind is LinkKind.CORROBORATES)
    again = make_link(existing.source, existing.target, existing.kind, "tester")
    assert not session.controller.submit(AddLinks((again,)))
    assert again.id not in board.links
    assert "already a “corroborates” link" in window.message_bar.text()
    assert window.message_bar.isVisible()
