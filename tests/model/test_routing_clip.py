"""The one Liang-Barsky clip: where a segment is inside a rectangle, either way up."""

import pytest

from evidenceboard.model.routing import Rect, clip_interval, segment_hits

BOX = Rect(0.0, 0.0, 10.0, 10.0)


def test_a_segment_across_the_box_is_inside_between_its_edges() -> None:
    assert clip_interval((-10.0, 5.0), (20.0, 5.0), BOX) == pytest.approx((1 / 3, 2 / 3))


def test_a_segment_inside_the_box_is_inside_all_along() -> None:
    assert clip_interval((2.0, 2.0), (8.0, 9.0), BOX) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("a", "b"),
    [((-5.0, 20.0), (20.0, 12.0)), ((-5.0, 5.0), (-1.0, 9.0)), ((12.0, 0.0), (12.0, 10.0))],
)
def test_a_segment_that_misses_the_box_is_nowhere_inside(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    assert clip_interval(a, b, BOX) is None
    assert not segment_hits(a, b, BOX)


def test_a_diagonal_past_the_corner_misses() -> None:
    # Its box overlaps the rectangle's, so only the clip can tell.
    assert clip_interval((5.0, 16.0), (16.0, 5.0), BOX) is None
    assert not segment_hits((5.0, 16.0), (16.0, 5.0), BOX)
