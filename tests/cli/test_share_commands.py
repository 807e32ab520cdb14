"""The copy, merge, diff and export commands, run through a parser built for the test."""

import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from evidenceboard.cli import share_commands
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, EditCards, RemoveLinks
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.storage import BoardFileError, open_board
from evidenceboard.storage.demo_file import create_demo_board
from tests.cli.registered import run_registered
from tests.storage.helpers import tamper


def run(*argv: str) -> int:
    return run_registered(share_commands.register, argv)


@pytest.fixture
def demo(board_dir: Path) -> Path:
    path = board_dir / "demo.evboard"
    with create_demo_board(path, author="ana"):
        pass
    return path


def test_copy_and_diff_of_identical_boards(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = board_dir / "shared.evboard"
    assert run("copy", str(demo), str(out)) == 0
    assert "cards" in capsys.readouterr().out
    assert run("diff", str(demo), str(out), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cards"] == {"added": [], "removed": [], "changed": []}
    with pytest.raises(BoardFileError, match="already exists"):
        run("copy", str(demo), str(out))


def test_merge_dry_run_then_merge(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = board_dir / "theirs.evboard"
    shutil.copyfile(demo, theirs)  # a closed board: a plain copy is a faithful one here
    with open_board(theirs, author="bo") as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "Bo's lead", "bo", text="call"),)))
        card = next(iter(doc.board.cards.values()))
        doc.apply(EditCards(((card, edited_card(card, "bo", title="Bo's title")),)))
    with open_board(demo, author="ana") as doc:
        card = doc.board.cards[card.id]
        doc.apply(EditCards(((card, edited_card(card, "ana", title="Ana's title")),)))
        before = len(doc.board.cards)
    assert run("merge", str(demo), str(theirs), "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["cards_added"] == 1 and len(report["conflicts"]) == 1
    with open_board(demo, read_only=True) as doc:
        assert len(doc.board.cards) == before
    assert run("merge", str(demo), str(theirs)) == 0
    assert "1 conflicts" in capsys.readouterr().out
    with open_board(demo, read_only=True) as doc:
        titles = {c.title for c in doc.board.cards.values()}
        assert {"Bo's lead", "Ana's title", "Bo's title (their version, by bo)"} <= titles
        assert len(doc.board.cards) == before + 2
        assert doc.history()[0]["action"].startswith("Merge")
    with pytest.raises(BoardFileError, match="itself"):
        run("merge", str(demo), str(demo))


def _any_claim(path: Path) -> tuple[str, str]:
    with open_board(path, read_only=True) as doc:
        claim = next(doc.board.cards_of_kind(CardKind.CLAIM))
    return claim.id, claim.title


def test_merge_takes_their_edit_of_a_card_my_history_left_alone(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = board_dir / "theirs.evboard"
    assert run("copy", str(demo), str(theirs)) == 0
    claim, _title = _any_claim(demo)
    with open_board(theirs, author="bo") as doc:
        card = doc.board.cards[claim]
        doc.apply(EditCards(((card, edited_card(card, "bo", title="Bo's title")),)))
    with open_board(demo, author="ana") as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "Ana's lead", "ana", text="call"),)))
    capsys.readouterr()
    assert run("merge", str(demo), str(theirs), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["cards_updated"], report["conflicts"]) == (1, [])
    assert run("merge", str(demo), str(theirs)) == 0  # nothing left to take
    with open_board(demo, read_only=True) as doc:
        assert doc.board.cards[claim].title == "Bo's title"


def test_a_hand_edited_copy_without_history_cannot_replace_my_card(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = board_dir / "theirs.evboard"
    shutil.copyfile(demo, theirs)
    claim, title = _any_claim(demo)
    tamper(
        theirs,
        "DELETE FROM history",
        f"UPDATE cards SET title = 'Forged', modified_by = 'bo', "
        f"modified_at = '2099-01-01T00:00:00Z' WHERE id = '{claim}'",
        "UPDATE links SET kind = 'contradicts', modified_at = '2099-01-01T00:00:00Z' "
        "WHERE kind = 'corroborates'",
    )
    capsys.readouterr()
    assert run("merge", str(demo), str(theirs), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["cards_updated"], report["links_updated"]) == (0, 0)
    kinds = {c["kind"] for c in report["conflicts"]}
    assert [c["id"] for c in report["conflicts"] if c["kind"] == "card"] == [claim]
    assert kinds == {"card", "link"}
    with open_board(demo, read_only=True) as doc:
        assert doc.board.cards[claim].title == title
        [forged] = [c for c in doc.board.cards.values() if c.title.startswith("Forged")]
        assert forged.modified_at.year < 2099


def test_merge_refuses_their_card_with_the_id_of_my_link(demo: Path, board_dir: Path) -> None:
    theirs = board_dir / "theirs.evboard"
    shutil.copyfile(demo, theirs)
    with open_board(demo, read_only=True) as doc:
        link_id = next(iter(doc.board.links))
    with open_board(theirs, author="bo") as doc:
        # Their copy dropped the link and reused its id for a card.
        doc.apply(RemoveLinks((doc.board.links[link_id],)))
        doc.apply(AddCards((make_card(CardKind.NOTE, "Clash", "bo", card_id=link_id),)))
    with open_board(demo, read_only=True) as doc:
        before = (set(doc.board.cards), set(doc.board.links))
    with pytest.raises(ChangeError, match="same id as a link"):
        run("merge", str(demo), str(theirs))
    with open_board(demo, read_only=True) as doc:
        assert (set(doc.board.cards), set(doc.board.links)) == before


@pytest.mark.parametrize("fmt", ["json", "canvas", "graphml"])
def test_export_single_file_formats(fmt: str, demo: Path, board_dir: Path) -> None:
    out = board_dir / f"out.{fmt}"
    assert run("export", str(demo), "--format", fmt, "-o", str(out)) == 0
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() == 21
    else:
        data = json.loads(out.read_text("utf-8"))
        assert len(data["cards" if fmt == "json" else "nodes"]) == 21
    assert [p.name for p in board_dir.iterdir() if p.name.startswith(".")] == []


def test_export_csv_and_attachments(demo: Path, board_dir: Path) -> None:
    assert run("export", str(demo), "--format", "csv", "-o", str(board_dir / "csv")) == 0
    assert sorted(p.name for p in (board_dir / "csv").iterdir()) == ["cards.csv", "links.csv"]
    folder = board_dir / "files"
    assert run("export", str(demo), "--format", "attachments", "-o", str(folder)) == 0
    with open_board(demo, read_only=True) as doc:
        assert len(list(folder.iterdir())) == len(doc.board.attachments)


@pytest.mark.parametrize("fmt", ["json", "canvas"])
def test_export_writes_the_attachments_beside_the_file_for_another_board(
    fmt: str, demo: Path, board_dir: Path
) -> None:
    from evidenceboard.formats import import_board_file
    from evidenceboard.ingest import import_files
    from evidenceboard.storage import create_board
    from tests.ingest.samples import article_html, image_bytes

    (board_dir / "page.html").write_text(article_html(), encoding="utf-8")
    (board_dir / "photo.png").write_bytes(image_bytes("PNG"))
    with open_board(demo) as doc:
        result = import_files([board_dir / "page.html", board_dir / "photo.png"], doc.board, "ana")
        assert result.change is not None
        doc.apply(result.change)
    out = board_dir / f"out.{fmt}"
    assert run("export", str(demo), "--format", fmt, "-o", str(out)) == 0
    with open_board(demo, read_only=True) as doc:
        attachments = dict(doc.board.attachments)
        data = {sha: doc.attachment_data(sha) for sha in attachments}
    assert attachments
    assert len(list((board_dir / "out_files").iterdir())) == len(attachments)
    if fmt == "canvas":
        files = {n["file"] for n in json.loads(out.read_text("utf-8"))["nodes"] if "file" in n}
        assert files and all((board_dir / f).is_file() for f in files)

    with create_board(board_dir / "fresh.evboard", author="bo") as fresh:
        fresh.apply(import_board_file(out, fresh.board, "bo"))
        assert fresh.board.attachments == attachments
        assert {sha: fresh.attachment_data(sha) for sha in attachments} == data


def test_copy_of_one_frame(demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from evidenceboard.model.frames import plan_new_frame

    with open_board(demo, author="ana") as doc:
        held = sorted(doc.board.cards)[:2]
        change, frame_id = plan_new_frame(doc.board, held, "ana", title="Two cards")
        doc.apply(change)
    out = board_dir / "frame.evboard"
    assert run("copy", str(demo), str(out), "--frame", frame_id[:8]) == 0
    assert capsys.readouterr().out.startswith("Wrote frame.evboard (only the frame “Two cards”)")
    with open_board(out, read_only=True) as copy:
        assert set(copy.board.cards) == {frame_id, *held}
    with pytest.raises(ChangeError, match="is not a frame"):
        run("copy", str(demo), str(board_dir / "no.evboard"), "--frame", held[0])
