"""Long names are cut at a word, with an ellipsis, wherever board text is cut."""

from evidenceboard.model.short_text import shorten


def test_a_long_name_is_cut_at_a_word() -> None:
    text = "Syrian presidency Telegram channel; since deleted, no capture on this board"
    cut = shorten(text, 60)
    assert cut == "Syrian presidency Telegram channel; since deleted, no…"
    assert len(cut) <= 60


def test_a_single_long_word_is_still_cut_to_the_limit() -> None:
    assert shorten("x" * 80, 10) == "x" * 9 + "…"
    assert shorten("short", 10) == "short"


def test_the_cut_drops_the_punctuation_before_the_ellipsis() -> None:
    assert shorten("Harbour log, entries of March and April", 20) == "Harbour log…"


def test_white_space_around_the_text_does_not_count() -> None:
    assert shorten("   short   ", 6) == "short"
    assert shorten("  alpha beta gamma delta  ", 12) == "alpha beta…"
