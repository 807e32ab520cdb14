"""Cards that name an entity, found through the full-text index."""

from pathlib import Path

import pytest

from evidenceboard.cli import main
from evidenceboard.model import AddCards, BoardInfo, CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.storage import create_board, open_board


def test_mentions_by_name_and_alias_whole_words_any_case_accent_or_script(
    board_dir: Path,
) -> None:
    path = board_dir / "case.evboard"
    selvi = make_card(
        CardKind.PERSON, "Abdülkadir Selvi", "ana", aliases=["Selvi"], description="Columnist"
    )
    tass = make_card(CardKind.ORGANISATION, "Tass", "ana", aliases=["ТАСС"])  # noqa: RUF001
    notes = {
        "upper": "SELVI wrote the column.",
        "accent": "A column by abdulkadir selvi in the Turkish press.",
        "cyrillic": "Агентство тасс сообщило об этом.",  # noqa: RUF001
        "latin": "The TASS wire repeated it.",
        "part": "Selvinaz is someone else; so is the Tassie devil.",
        "none": "Nothing to do with either.",
    }
    cards = {k: make_card(CardKind.NOTE, "", "ana", text=v) for k, v in notes.items()}
    article = make_card(CardKind.ARTICLE, "Column", "ana", author="Abdulkadir Selvi")
    with create_board(path, BoardInfo(title="Case"), author="ana") as doc:
        doc.apply(AddCards((selvi, tass, article, *cards.values())))
        assert doc.mentioned_in(selvi.id) == sorted(
            [cards["upper"].id, cards["accent"].id, article.id]
        )
        assert doc.mentioned_in(tass.id) == sorted([cards["cyrillic"].id, cards["latin"].id])
        assert doc.mentioned_in(cards["none"].id) == []


def test_show_json_lists_mentioned_in(board_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from evidenceboard.demo import demo_id

    path = board_dir / "demo.evboard"
    assert main(["demo", str(path)]) == 0
    capsys.readouterr()
    assert main(["show", str(path), demo_id("o-hurriyet"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # The Selvi column (outlet Hurriyet), the captured article and the claims citing it.
    assert demo_id("hurriyet") in data["mentioned_in"]
    assert demo_id("article") in data["mentioned_in"]
    assert demo_id("o-hurriyet") not in data["mentioned_in"]
    with open_board(path, read_only=True) as doc:
        assert data["mentioned_in"] == doc.mentioned_in(demo_id("o-hurriyet"))
