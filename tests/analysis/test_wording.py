"""How the analysis names cards: long names are cut at a word, with an ellipsis."""

from evidenceboard.analysis.wording import shorten


def test_a_long_name_is_cut_at_a_word() -> None:
    text = "Syrian presidency Telegram channel; since deleted, no capture on this board"
    cut = shorten(text, 60)
    assert cut == "Syrian presidency Telegram channel; since deleted, no…"
    assert len(cut) <= 60


def test_a_single_long_word_is_still_cut_to_the_limit() -> None:
    assert shorten("x" * 80, 10) == "x" * 9 + "…"
    assert shorten("short", 10) == "short"
