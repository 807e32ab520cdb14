"""Cards drawn from shared stamps look like cards drawn part by part, and follow edits.

A card's frame, badges and chips are copied from images shared between cards
(``stamps.py``) and its text is drawn from glyph runs shaped once; a link keeps its pen
between paints. These tests render single items and look at the pixels a user would see.
"""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.grading import NATO_ADMIRALTY, Grading
from evidenceboard.model.links import LinkKind, Strength
from evidenceboard.ui.board.scene.card_item import PAD, CardItem
from evidenceboard.ui.board.scene.link_item import LinkItem
from evidenceboard.ui.board.scene.stamps import STAMPS, StampCache
from evidenceboard.ui.common.theme import DARK, LIGHT, Theme

PADDING = 10.0


def _card() -> Card:
    return make_card(
        CardKind.ARTICLE,
        "Ministry denies the convoy report",
        "tester",
        width=240,
        height=140,
        body="The ministry said on Tuesday that no convoy crossed the border.",
        outlet="Reuters",
        tags=("convoy", "border"),
        grading=Grading(NATO_ADMIRALTY.key, "B", "2"),
    )


@pytest.fixture
def card_scene() -> Iterator[tuple[QGraphicsScene, CardItem]]:
    scene = QGraphicsScene()
    item = CardItem(_card(), LIGHT, lambda _card_id: None)
    # Uncached, so that each render calls paint() rather than copying the item's cache.
    item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    scene.addItem(item)
    yield scene, item
    scene.clear()


def _render(scene: QGraphicsScene, item: CardItem, scale: float) -> QImage:
    rect = item.scene_rect().adjusted(-PADDING, -PADDING, PADDING, PADDING)
    image = QImage(
        QSize(round(rect.width() * scale), round(rect.height() * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor("#f3f4f7"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def _pixel(image: QImage, item_x: float, item_y: float, scale: float) -> QColor:
    return image.pixelColor(int((item_x + PADDING) * scale), int((item_y + PADDING) * scale))


def _mean_difference(a: QImage, b: QImage, area: QRectF | None = None) -> float:
    assert a.size() == b.size()
    box = (area or QRectF(a.rect())).toRect()
    total = count = 0
    for y in range(box.top(), box.bottom() + 1):
        for x in range(box.left(), box.right() + 1):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(pa.red() - pb.red()) + abs(pa.green() - pb.green())
            total += abs(pa.blue() - pb.blue())
            count += 3
    return total / count


def _close(colour: QColor, expected: str, tolerance: int = 4) -> bool:
    want = QColor(expected)
    return (
        abs(colour.red() - want.red()) <= tolerance
        and abs(colour.green() - want.green()) <= tolerance
        and abs(colour.blue() - want.blue()) <= tolerance
    )


@pytest.mark.parametrize("scale", [0.7, 1.0, 1.6])
def test_stamped_card_looks_like_a_drawn_card(
    card_scene: tuple[QGraphicsScene, CardItem], monkeypatch: pytest.MonkeyPatch, scale: float
) -> None:
    scene, item = card_scene
    renders = STAMPS.renders
    stamped = _render(scene, item, scale)
    assert STAMPS.renders > renders or len(STAMPS) > 0, "the card did not use stamps"
    monkeypatch.setattr(STAMPS, "begin", lambda _painter: None)
    drawn = _render(scene, item, scale)
    assert stamped != drawn
    # Stamps sit on whole pixels: edges may move by half a pixel, nothing more.
    assert _mean_difference(stamped, drawn) < 2.5
    assert _close(_pixel(stamped, 200, 120, scale), LIGHT.card)


def test_stamps_are_shared_between_cards_of_one_kind_and_size() -> None:
    scene = QGraphicsScene()
    first = CardItem(_card(), LIGHT, lambda _card_id: None)
    second = CardItem(_card(), LIGHT, lambda _card_id: None)
    second.setPos(400, 0)
    for item in (first, second):
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    scene.addItem(first)
    scene.addItem(second)
    STAMPS.clear()
    _render(scene, first, 0.83)
    renders = STAMPS.renders
    _render(scene, second, 0.83)
    assert STAMPS.renders == renders
    scene.clear()


def test_a_theme_change_repaints_the_frame(card_scene: tuple[QGraphicsScene, CardItem]) -> None:
    scene, item = card_scene
    assert _close(_pixel(_render(scene, item, 0.7), 200, 120, 0.7), LIGHT.card)
    item.set_theme(DARK)
    dark = _render(scene, item, 0.7)
    assert _close(_pixel(dark, 200, 120, 0.7), DARK.card)
    assert _close(_pixel(dark, 3, 70, 0.7), DARK.kind_colour(CardKind.ARTICLE).name(), 40)


def _badge_area(item: CardItem, scale: float) -> QRectF:
    w = item.rect().width()
    return QRectF((w - 70 + PADDING) * scale, (10 + PADDING) * scale, 56 * scale, 22 * scale)


def _title_area(scale: float) -> QRectF:
    return QRectF((16 + PADDING) * scale, (36 + PADDING) * scale, 200 * scale, 20 * scale)


def test_a_new_grade_shows_on_the_card(card_scene: tuple[QGraphicsScene, CardItem]) -> None:
    scene, item = card_scene
    before = _render(scene, item, 0.7)
    item.set_card(edited_card(item.card, "tester", grading=Grading(NATO_ADMIRALTY.key, "B", "3")))
    after = _render(scene, item, 0.7)
    assert _mean_difference(before, after, _badge_area(item, 0.7)) > 0.3
    assert _mean_difference(before, after, _title_area(0.7)) == 0


def test_a_new_title_shows_on_the_card(card_scene: tuple[QGraphicsScene, CardItem]) -> None:
    scene, item = card_scene
    before = _render(scene, item, 0.7)
    item.set_card(edited_card(item.card, "tester", title="Convoy seen at the crossing"))
    after = _render(scene, item, 0.7)
    assert _mean_difference(before, after, _title_area(0.7)) > 3
    assert _mean_difference(before, after, _badge_area(item, 0.7)) == 0


def test_selection_and_search_match_colour_the_outline(
    card_scene: tuple[QGraphicsScene, CardItem],
) -> None:
    scene, item = card_scene
    theme: Theme = LIGHT
    assert _close(_pixel(_render(scene, item, 1.0), 120, -0.5, 1.0), theme.card_border, 30)
    item.set_matched(True)
    assert _close(_pixel(_render(scene, item, 1.0), 120, -0.5, 1.0), theme.match, 30)
    item.setSelected(True)
    assert _close(_pixel(_render(scene, item, 1.0), 120, -0.5, 1.0), theme.selection, 30)


def test_vector_painters_get_shapes_and_text(
    card_scene: tuple[QGraphicsScene, CardItem],
) -> None:
    scene, item = card_scene
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(300, 200))
    painter = QPainter(generator)
    scene.render(painter, QRectF(0, 0, 300, 200), item.scene_rect().adjusted(-10, -10, 10, 10))
    painter.end()
    svg = bytes(data.data()).decode("utf-8")
    assert "<image" not in svg
    assert "Ministry denies" in svg


def test_stamp_cache_keeps_to_its_budget() -> None:
    cache = StampCache(budget_bytes=200_000)
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.scale(0.5, 0.5)
    blitter = cache.begin(painter)
    assert blitter is not None

    def red(p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, 100, 100), QColor("red"))

    for index in range(40):
        assert blitter.draw(("square", index), QRectF(0, 0, 100, 100), red)
    assert cache.size_bytes <= 200_000
    assert 1 < len(cache) < 40
    renders = cache.renders
    blitter.draw(("square", 0), QRectF(0, 0, 100, 100), red)  # evicted long ago
    blitter.draw(("square", 39), QRectF(0, 0, 100, 100), red)  # still there
    assert cache.renders == renders + 1
    blitter.end()
    painter.end()
    # The copies landed where the part would have been drawn.
    assert image.pixelColor(25, 25) == QColor("red")
    assert image.pixelColor(60, 60) != QColor("red")


def test_rotated_painters_get_the_parts_drawn() -> None:
    image = QImage(100, 100, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.rotate(30)
    assert STAMPS.begin(painter) is None
    painter.end()


def test_a_link_takes_the_colour_of_its_kind_and_theme() -> None:
    scene = QGraphicsScene()
    a, b = _card().id, _card().id
    link = make_link(a, b, LinkKind.CORROBORATES, "tester", strength=Strength.STRONG)
    item = LinkItem(link, LIGHT)
    item.adjust(QRectF(0, 0, 100, 60), QRectF(400, 0, 100, 60))
    scene.addItem(item)
    image = QImage(520, 80, QImage.Format.Format_ARGB32_Premultiplied)

    def colour_on_the_line() -> QColor:
        image.fill(QColor("#ffffff"))
        painter = QPainter(image)
        scene.render(painter, QRectF(image.rect()), QRectF(0, -10, 520, 80))
        painter.end()
        return image.pixelColor(250, 40)

    assert _close(colour_on_the_line(), LIGHT.corroborates, 12)
    item.set_theme(DARK)
    assert _close(colour_on_the_line(), DARK.corroborates, 12)
    item.set_link(make_link(a, b, LinkKind.RELATED, "tester", strength=Strength.STRONG))
    assert _close(colour_on_the_line(), DARK.related, 12)
    scene.clear()


def test_wrapped_text_stays_inside_the_card(card_scene: tuple[QGraphicsScene, CardItem]) -> None:
    scene, item = card_scene
    words = "Residents reported armoured vehicles moving towards the crossing overnight "
    item.set_card(edited_card(item.card, "tester", body=words * 6, title=words * 2))
    image = _render(scene, item, 1.0)
    fill = _pixel(image, item.scene_rect().width() - 6, 60, 1.0)
    # The strip between the text column's right edge and the card's border: card fill
    # only. Wrapping measured with another font than the one drawn ran text into it.
    right = item.scene_rect().width()
    for y in range(40, int(item.scene_rect().height()) - 30):
        for x in range(int(right - PAD) + 2, int(right) - 2):
            colour = _pixel(image, x, y, 1.0)
            assert abs(colour.lightness() - fill.lightness()) < 40, (x, y, colour.name())
