"""Search folds case and letters the same way in the index and the query.

Turkish dotless ı and dotted İ, German ß, Greek accents and final sigma, Russian ё,
Arabic alef forms, ligatures and full-width letters: SQLite's tokenizer leaves each a
token of its own, so "Yilmaz" did not find "Yılmaz".
"""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidenceboard.model.cards import CardKind
from evidenceboard.storage import BoardDocument, create_board, open_board
from evidenceboard.storage.folding import FoldMap, _table, fold
from evidenceboard.storage.search import fts_query
from tests.storage.helpers import add_card


@pytest.fixture
def doc(board_dir: Path) -> Iterator[BoardDocument]:
    with create_board(board_dir / "folding.evboard", author="tester") as document:
        yield document


def _ids(doc: BoardDocument, query: str) -> list[str]:
    return [hit.card_id for hit in doc.search(query)]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Yılmaz", "Yilmaz"),
        # The tokenizer folds an ASCII letter with marks itself (İ, ş): left as written.
        ("İSTANBUL şoför", "İSTANBUL şoför"),
        ("Straße", "Strasse"),
        ("ﬁnancial ﬂows", "financial flows"),
        ("Αθήνα, ὁδός", "Αθηνα, οδοσ"),
        ("Ёлка", "елка"),
        ("أحمد إبراهيم", "احمد ابراهيم"),
        ("ＡＢＣ１２３", "abc123"),
        ("Łódź, Søren, Đorđević", "lódź, Soren, dordević"),
        ("Æsir, Œuvre", "aesir, oeuvre"),
        # Letters that differ in meaning stay apart.
        ("がか", "がか"),
        ("мой мои", "мой мои"),
        ("plain ASCII", "plain ASCII"),
    ],
)
def test_fold_maps_the_letters_the_tokenizer_misses(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_idempotent_for_every_folded_letter() -> None:
    for char, value in _table().items():
        assert fold(value) == value, char
        assert fold(fold(char)) == fold(char)


def test_positions_in_folded_text_map_back_to_the_original() -> None:
    mapping = FoldMap("aßbﬃc")
    assert mapping.folded == "assbffic"
    assert [mapping.to_original(i) for i in range(9)] == [0, 1, 1, 2, 3, 3, 3, 4, 5]


def test_turkish_dotless_and_dotted_i_match_plain_i(doc: BoardDocument) -> None:
    card_id = add_card(
        doc,
        CardKind.ARTICLE,
        "Liman ihalesi",
        author="Ayşe Yılmaz",
        body="İstanbul'da ılık bir sabah, KIYI şeridinde imza atıldı.",
    )
    for query in ("yilmaz", "YILMAZ", "Yılmaz", "istanbul", "İSTANBUL", "ilik", "kiyi", "yıl"):
        assert _ids(doc, query) == [card_id], query
    assert _ids(doc, '"ılık bir sabah"') == [card_id]


def test_other_language_specific_folds_match(doc: BoardDocument) -> None:
    german = add_card(doc, CardKind.NOTE, "Zeuge", text="Er wohnt in der Hauptstraße.")
    greek = add_card(doc, CardKind.NOTE, "Μάρτυρας", text="Στην Αθήνα, τον Μάρτιο.")
    russian = add_card(doc, CardKind.NOTE, "Свидетель", text="Ёлкин видел судно.")
    pdf = add_card(doc, CardKind.DOCUMENT, "Audit", extracted_text="The ﬁnancial statements.")
    assert _ids(doc, "hauptstrasse") == [german]
    assert _ids(doc, "ΑΘΗΝΑ") == [greek]
    assert _ids(doc, "αθηνα") == [greek]
    assert _ids(doc, "елкин") == [russian]
    assert _ids(doc, '"financial statements"') == [pdf]
    polish = add_card(doc, CardKind.NOTE, "Świadek", text="Spotkanie w Łodzi, u Sørena.")
    assert _ids(doc, "lodzi") == [polish]
    assert _ids(doc, "ŁODZI") == [polish]
    assert _ids(doc, "sorena") == [polish]


def test_snippet_shows_the_cards_own_spelling(doc: BoardDocument) -> None:
    add_card(
        doc,
        CardKind.DOCUMENT,
        "Tutanak",
        extracted_text="Tanık Ayşe Yılmaz, Hauptstraße 5 adresinde ﬁrmayı gördüğünü söyledi.",
    )
    (hit,) = doc.search("yilmaz")
    assert ("Yılmaz", True) in hit.snippet
    assert "Tanık Ayşe" in hit.snippet_text
    (hit,) = doc.search("firmayi")
    assert ("ﬁrmayı", True) in hit.snippet
    assert "Hauptstraße 5" in hit.snippet_text
    assert doc.search("strasse ") == []  # the end of a word is not a word
    (hit,) = doc.search("hauptstrasse")
    assert ("Hauptstraße", True) in hit.snippet
    assert hit.snippet_text.startswith("Tanık Ayşe Yılmaz, Hauptstraße 5")


def test_query_also_looks_for_each_word_as_typed() -> None:
    assert fts_query("Yılmaz ") == '("Yilmaz" OR "Yılmaz")'
    assert fts_query("yıl") == '("yil"* OR "yıl"*)'
    assert fts_query('"ılık sabah" x') == '("ilik sabah" OR "ılık sabah") "x"'
    assert fts_query("plain") == '"plain"*'


def _unfold_index(path: Path) -> None:
    """Make the index look as a version that did not fold wrote it: text as typed."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT rowid, id, title, body FROM cards").fetchall()
        connection.execute("DELETE FROM card_fts")
        connection.executemany(
            "INSERT INTO card_fts (rowid, card_id, title, body, details) VALUES (?, ?, ?, ?, ?)",
            [(rowid, card_id, title, body, "Ayşe Yılmaz") for rowid, card_id, title, body in rows],
        )
        connection.commit()
    finally:
        connection.close()


def test_old_index_still_finds_as_typed_and_is_folded_when_opened_for_writing(
    board_dir: Path,
) -> None:
    path = board_dir / "old.evboard"
    with create_board(path, author="tester") as document:
        card_id = add_card(document, CardKind.NOTE, "Tanık Yılmaz", text="Kıyıda görüldü.")
    _unfold_index(path)
    with open_board(path, read_only=True) as old:
        assert _ids(old, "Yılmaz") == [card_id]
        assert _ids(old, "kıyıda") == [card_id]
        assert _ids(old, "yilmaz") == []
    with open_board(path) as opened:
        assert _ids(opened, "yilmaz") == [card_id]
        assert _ids(opened, "kiyida") == [card_id]
    with open_board(path, read_only=True) as refolded:
        assert _ids(refolded, "Yılmaz") == [card_id]
        assert _ids(refolded, "kiyida") == [card_id]
        rows = refolded._connection.execute("SELECT title, body FROM card_fts").fetchall()
        assert rows == [("Tanik Yilmaz", "Kiyida görüldü.")]
