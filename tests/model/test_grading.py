import pytest

from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.grading import UK_5X5X5, Grading, parse_grade


def test_parse_grade_accepts_common_forms() -> None:
    assert parse_grade("B2").code == "B2"
    assert parse_grade(" b-2 ").code == "B2"
    assert parse_grade("f6").source_rank is None


@pytest.mark.parametrize("text", ["", "B", "2B", "G1", "B7", "BB2", "<b>"])
def test_parse_grade_refuses_nonsense(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_grade(text)


def test_uk_scheme_has_its_own_scale() -> None:
    grade = Grading(UK_5X5X5.key, "E", "4")
    assert grade.source_rank is None
    assert "Untested" in grade.describe()
    with pytest.raises(InvalidValueError):
        Grading(UK_5X5X5.key, "F", "1")


def test_describe_names_both_scales() -> None:
    assert parse_grade("B2").describe() == "B2: Usually reliable, Probably true"
