# ruff: noqa: RUF001, RUF002
# (Cyrillic and Arabic names: their letters look like Latin ones, which is the point.)
"""Entity mentions on board M: the cards that name an entity, by name or alias.

Board M of :mod:`board_generator` (10,000 cards, 20,000 links) has no entity cards, so
this benchmark adds 500 to a copy of it through the normal change path
(``BoardDocument.apply``): 250 people, 125 organisations, 75 places and 50 events, with
names in Latin script with accents (Turkish, Polish, Czech, French, Spanish,
Portuguese, German, Vietnamese), Cyrillic and Arabic, and one to three aliases each
(transliterations, a surname alone, initials, the name as an English-language report
spells it). A second change (one ``EditCards``) then makes 3,000 of the ordinary cards
name one to three entities in their text, a fifth of them in the title too, as typed
in reports: upper case, without accents, in another script. Entities are picked with
Zipf weights, so a few are named in hundreds of cards and most in a handful.

Measured on the board as reopened from its file (``open_board``). The first call of
all is reported alone (what selecting an entity right after opening costs: SQLite's page
cache is still empty); then one pass over every entity, and ``ROUNDS`` rounds of:

- ``BoardDocument.mentioned_in`` for each entity, alone: p50 and p90 over all calls.
  Target 50 ms.
- all 500 entities one after another (what a background pass over the board costs):
  the median round. Target 2 s.

Baseline, measured in the same rounds on the same connection (interleaved with the
single calls, entity by entity): one plain FTS5 ``MATCH`` of a single quoted word per
entity (the longest word of its name, folded), so as many index lookups, of a word of
the same names. The diagnostic rows "its FTS5 query alone" run the very expressions
``mentioned_in`` sends (``mention_query``, built beforehand) straight through
``sqlite3``, interleaved too: the gap between them and ``mentioned_in`` is our Python.

Usage: ``.venv/bin/python benchmarks/mentions_bench.py``; ``benchmarks/run.py`` calls
:func:`run`.
"""

import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import figure, percentile, seconds
from board_generator import SIZES, generate

from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards, EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.storage import create_board, open_board
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.folding import fold
from evidenceboard.storage.schema import FTS_TABLE
from evidenceboard.storage.search import mention_query

if TYPE_CHECKING:
    import sqlite3

Row = dict[str, Any]
SEED = 20261203
SIZE = "M"
ROUNDS = 5
ONE_TARGET_MS = 50.0
ALL_TARGET_S = 2.0
PEOPLE, ORGANISATIONS, PLACES, EVENTS = 250, 125, 75, 50
NAMING_CARDS = 3_000

_LATIN_GIVEN = (
    "Abdülkadir", "Ayşe", "Mehmet", "Gülşen", "Çağrı", "Şükrü", "İbrahim", "Özlem",
    "Ümit", "Barış", "José", "Inés", "François", "Hélène", "Małgorzata", "Łukasz",
    "Jiří", "Zdeňka", "Jürgen", "Björn", "João", "Ramón", "Élodie", "Tomáš", "Thảo",
)  # fmt: skip
_LATIN_SURNAMES = (
    "Yılmaz", "Şahin", "Öztürk", "Çelik", "Doğan", "Aydın", "Kılıç", "Güneş",
    "Karakaya", "Yıldırım", "Muñoz", "Peña", "Lefèvre", "Dubois", "Wiśniewski", "Wójcik",
    "Dvořák", "Novák", "Müller", "Schröder", "Gonçalves", "Conceição", "Nguyễn", "Trần",
    "Fernández", "Błaszczyk", "Höglund", "Sánchez", "Kovačević", "Żurawski",
)  # fmt: skip
_CYRILLIC_GIVEN = (
    "Алексей", "Дмитрий", "Ольга", "Сергей", "Наталья", "Юрий", "Тарас", "Оксана",
    "Артём", "Фёдор", "Людмила", "Виктор", "Григорий", "Анастасия",
)  # fmt: skip
_CYRILLIC_WOMEN = {"Ольга", "Наталья", "Оксана", "Людмила", "Анастасия"}
_CYRILLIC_SURNAMES = (
    "Петров", "Смирнов", "Кузнецов", "Соловьёв", "Шевченко", "Коваленко", "Фёдоров",
    "Бондаренко", "Мельник", "Ткаченко", "Зайцев", "Лебедев", "Воробьёв", "Жуков",
)  # fmt: skip
_ARABIC_GIVEN = (
    ("محمد", "Mohammed"), ("أحمد", "Ahmed"), ("فاطمة", "Fatima"), ("عبد الله", "Abdullah"),
    ("خالد", "Khaled"), ("ليلى", "Layla"), ("يوسف", "Youssef"), ("عمر", "Omar"),
    ("مريم", "Maryam"), ("حسين", "Hussein"), ("إيمان", "Iman"), ("طارق", "Tariq"),
)  # fmt: skip
_ARABIC_SURNAMES = (
    ("الحسن", "al-Hassan"), ("العلي", "al-Ali"), ("حداد", "Haddad"), ("الخطيب", "al-Khatib"),
    ("منصور", "Mansour"), ("الأحمد", "al-Ahmad"), ("سليمان", "Suleiman"), ("الزين", "al-Zein"),
    ("عثمان", "Othman"), ("إبراهيم", "Ibrahim"), ("النجار", "al-Najjar"), ("قاسم", "Qasim"),
)  # fmt: skip
_LATIN_ORGS = (
    ("{} Lojistik A.Ş.", "{} Lojistik"), ("{} İnşaat ve Ticaret", "{} İnşaat"),
    ("Transportes {} S.L.", "Transportes {}"), ("{} & Fils", "{} et Fils"),
    ("Grupa {} sp. z o.o.", "Grupa {}"), ("{} Handels GmbH", "{} Handel"),
    ("Société {} Frères", "{} Frères"),
)  # fmt: skip
_CYRILLIC_ORG_WORDS = (
    ("Сибирь", "Sibir"), ("Восток", "Vostok"), ("Меридиан", "Meridian"),
    ("Балтика", "Baltika"), ("Северный путь", "Severny Put"), ("Днепр", "Dnepr"),
    ("Каспий", "Kaspiy"), ("Гранит", "Granit"), ("Азимут", "Azimut"), ("Урал", "Ural"),
    ("Полюс", "Polyus"), ("Кама", "Kama"),
)  # fmt: skip
_CYRILLIC_ORGS = (
    ("ООО «{}»", "OOO {}"), ("АО «{}»", "AO {}"), ("ТД «{}»", "TD {}"),
    ("{}-Логистик", "{} Logistik"),
)  # fmt: skip
_ARABIC_ORG_WORDS = (
    ("النور", "al-Nour"), ("الفجر", "al-Fajr"), ("الأمل", "al-Amal"), ("السلام", "al-Salam"),
    ("البركة", "al-Baraka"), ("الشام", "al-Sham"), ("الرافدين", "al-Rafidain"),
    ("الخليج", "al-Khaleej"), ("الوطنية", "al-Wataniya"), ("الصفا", "al-Safa"),
)  # fmt: skip
_ARABIC_ORGS = (
    ("شركة {} للتجارة", "{} Trading"),
    ("مؤسسة {}", "{} Foundation"),
    ("مجموعة {} القابضة", "{} Holding"),
)
_PLACES = (
    ("Şanlıurfa", ("Urfa", "Sanliurfa")), ("İskenderun", ("Alexandretta",)),
    ("Gaziantep", ("Antep",)), ("Hatay", ("Antakya", "Antioch")), ("Mersin", ("İçel",)),
    ("Харків", ("Kharkiv", "Харьков", "Kharkov")), ("Одеса", ("Odesa", "Одесса", "Odessa")),
    ("Новороссийск", ("Novorossiysk",)), ("Севастополь", ("Sevastopol",)),
    ("Маріуполь", ("Mariupol", "Мариуполь")), ("Ростов-на-Дону", ("Rostov-on-Don", "Ростов")),
    ("حلب", ("Aleppo", "Halab")), ("دمشق", ("Damascus",)), ("اللاذقية", ("Latakia", "Lattakia")),
    ("طرطوس", ("Tartus", "Tartous")), ("الموصل", ("Mosul",)), ("بنغازي", ("Benghazi",)),
    ("Kraków", ("Cracow",)), ("Gdańsk", ("Danzig",)), ("Łódź", ("Lodz",)),
    ("São Paulo", ("Sampa",)), ("Zürich", ("Zurich",)), ("Saint-Étienne", ("St-Étienne",)),
    ("Besançon", ("Besancon",)), ("Plzeň", ("Pilsen",)),
)  # fmt: skip
_FACILITIES = ("{} port", "{} airfield", "{} free zone", "{} rail yard")
_EVENTS = (
    "Strike on the {} depot", "Meeting in {}", "Shipment seized at {}", "Explosion at {} port",
    "Convoy stopped near {}",
)  # fmt: skip
_SHORT_EVENTS = ("{} strike", "{} meeting", "{} seizure", "{} explosion", "{} convoy")
_MONTHS = ("January", "March", "April", "June", "August", "October", "November")
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        (
            "a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
            "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
            "yu", "ya", "i", "yi", "ye", "g",
        ),
        strict=True,
    )
)  # fmt: skip
_TEXT_FIELDS = {
    CardKind.ARTICLE: "body",
    CardKind.DOCUMENT: "extracted_text",
    CardKind.CLAIM: "statement",
    CardKind.NOTE: "text",
}
_PLAIN = {"ı": "i", "ł": "l", "Ł": "L", "ё": "е", "Ё": "Е", "أ": "ا", "إ": "ا", "آ": "ا"}
_WORD = re.compile(r"\w+")


def _latin(name: str) -> str:
    """A plain transliteration of Cyrillic, as English-language reports write it."""
    out = []
    for char in name:
        low = char.lower()
        piece = _TRANSLIT.get(low, char)
        out.append(piece.capitalize() if char != low else piece)
    return "".join(out)


def _unaccented(name: str) -> str:
    """The name as often typed: Latin letters without accents, ``е`` for ``ё``, Arabic
    alef without hamza. Other marks (Russian ``й``) are letters of their own and stay."""
    out = []
    for char in name:
        if char in _PLAIN:
            out.append(_PLAIN[char])
        elif ord(char) < 0x250 or 0x1E00 <= ord(char) <= 0x1EFF:
            parts = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in parts if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out)


def _person(rng: random.Random) -> tuple[str, list[str]]:
    script = rng.random()
    if script < 0.5:
        given, surname = rng.choice(_LATIN_GIVEN), rng.choice(_LATIN_SURNAMES)
        aliases = [surname, f"{given[0]}. {surname}", _unaccented(f"{given} {surname}")]
    elif script < 0.8:
        given, surname = rng.choice(_CYRILLIC_GIVEN), rng.choice(_CYRILLIC_SURNAMES)
        if given in _CYRILLIC_WOMEN and surname.endswith(("ов", "ев", "ёв")):
            surname += "а"
        aliases = [_latin(f"{given} {surname}"), surname, f"{given[0]}. {surname}"]
    else:
        (given, given_latin), (surname, surname_latin) = (
            rng.choice(_ARABIC_GIVEN),
            rng.choice(_ARABIC_SURNAMES),
        )
        aliases = [f"{given_latin} {surname_latin}", surname, surname_latin]
    return f"{given} {surname}", rng.sample(aliases, rng.randint(1, 3))


def _organisation(rng: random.Random) -> tuple[str, list[str]]:
    script = rng.random()
    if script < 0.5:
        surname, (form, short) = rng.choice(_LATIN_SURNAMES), rng.choice(_LATIN_ORGS)
        name = form.format(surname)
        aliases = [_unaccented(name), f"{surname} group", short.format(surname)]
    elif script < 0.8:
        (word, word_latin), (form, form_latin) = (
            rng.choice(_CYRILLIC_ORG_WORDS),
            rng.choice(_CYRILLIC_ORGS),
        )
        name = form.format(word)
        aliases = [form_latin.format(word_latin), f"«{word}»", word_latin]
    else:
        (word, word_latin), (form, form_latin) = (
            rng.choice(_ARABIC_ORG_WORDS),
            rng.choice(_ARABIC_ORGS),
        )
        name = form.format(word)
        aliases = [form_latin.format(word_latin), f"{word_latin} group"]
    return name, rng.sample(aliases, rng.randint(1, min(3, len(aliases))))


def _place(rng: random.Random, index: int) -> tuple[str, list[str]]:
    name, aliases = _PLACES[index % len(_PLACES)]
    if index < len(_PLACES):
        return name, list(aliases)
    facility = rng.choice(_FACILITIES)
    return facility.format(name), [facility.format(a) for a in aliases]


def _event(rng: random.Random) -> tuple[str, list[str]]:
    which = rng.randrange(len(_EVENTS))
    name, aliases = rng.choice(_PLACES)
    # The events' titles are in English: the place as an English report spells it.
    place = rng.choice([n for n in (name, *aliases) if n.isascii() or ord(max(n)) < 0x250])
    month = rng.choice(_MONTHS)
    day = f"{rng.randint(1, 28)} {month}"
    short = _SHORT_EVENTS[which]
    return f"{_EVENTS[which].format(place)}, {day} 2024", [short.format(place), short.format(day)]


def make_entities(x0: float, seed: int = SEED) -> list[Card]:
    """500 entity cards with realistic names and aliases, in a column right of ``x0``."""
    rng = random.Random(seed)
    wanted = (
        (CardKind.PERSON, PEOPLE, _person),
        (CardKind.ORGANISATION, ORGANISATIONS, _organisation),
        (CardKind.LOCATION, PLACES, None),
        (CardKind.EVENT, EVENTS, _event),
    )
    made: list[Card] = []
    titles: set[str] = set()
    for kind, count, maker in wanted:
        index = 0
        while index < count:
            title, aliases = maker(rng) if maker is not None else _place(rng, index)
            if title in titles:
                continue
            titles.add(title)
            x, y = x0 + (len(made) % 10) * 300.0, (len(made) // 10) * 200.0
            values: dict[str, Any] = {"aliases": [a for a in dict.fromkeys(aliases) if a != title]}
            made.append(make_card(kind, title, "bench", x=x, y=y, **values))
            index += 1
    return made


def _as_typed(rng: random.Random, entity: Card) -> str:
    """The entity's name or an alias as a report would have it."""
    name = rng.choice((entity.title, *entity.aliases))
    roll = rng.random()
    if roll < 0.15:
        return name.upper()
    if roll < 0.35:
        return _unaccented(name)
    return name


def naming_edit(cards: list[Card], entities: list[Card], seed: int = SEED) -> EditCards:
    """Ordinary cards edited to name entities (Zipf-weighted) in their text."""
    rng = random.Random(seed + 1)
    order = entities[:]
    rng.shuffle(order)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(order))]
    pairs = []
    for card in rng.sample(cards, NAMING_CARDS):
        field = _TEXT_FIELDS[card.kind]
        words = card.text.split(" ")
        named = rng.choices(order, weights, k=rng.choice((1, 1, 1, 2, 2, 3)))
        for entity in named:
            words.insert(rng.randrange(len(words) + 1), _as_typed(rng, entity))
        changes: dict[str, Any] = {field: " ".join(words)}
        if rng.random() < 0.2:
            changes["title"] = f"{card.title}: {_as_typed(rng, named[0])}"
        pairs.append((card, edited_card(card, "bench", **changes)))
    return EditCards(tuple(pairs), "Name entities in the texts")


def build_board(path: Path) -> list[str]:
    """Write board M with 500 entities named in its texts to ``path``; the entities' ids."""
    cards, links = SIZES[SIZE]
    generated = generate(cards, links)
    right = max(c.geometry.x for c in generated.cards) + 600.0
    entities = make_entities(right)
    with create_board(path, author="bench") as doc:
        doc.apply(generated.change())
        doc.apply(AddCards(tuple(entities)))
        doc.apply(naming_edit(list(generated.cards), entities))
    return [e.id for e in entities]


def _row(name: str, value: float, unit: str, target: float | None, baseline: float | None) -> Row:
    return figure(name, SIZE, value, unit, target, baseline)


def measure(doc: BoardDocument, entity_ids: list[str], rounds: int = ROUNDS) -> list[Row]:
    """Time ``mentioned_in`` for every entity against one-word queries, in ``rounds``."""
    # The document's own connection (its watchdog and authorizer), which mentioned_in uses.
    connection: sqlite3.Connection = doc._connection
    sql = f"SELECT card_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
    words, expressions = [], []
    for card_id in entity_ids:
        card = doc.board.cards[card_id]
        words.append('"' + max(_WORD.findall(fold(card.title)), key=len) + '"')
        expressions.append(mention_query([card.title, *card.aliases]))

    def matched(query: str) -> list[str]:
        return [str(row[0]) for row in connection.execute(sql, (query,)).fetchall()]

    def all_mentions() -> None:
        for card_id in entity_ids:
            doc.mentioned_in(card_id)

    def all_words() -> None:
        for word in words:
            matched(word)

    # One pass first, which also reads the index into SQLite's page cache; its first call
    # is what selecting an entity right after opening the board costs.
    start = time.perf_counter()
    counts = [len(doc.mentioned_in(entity_ids[0]))]
    first = (time.perf_counter() - start) * 1000
    counts += [len(doc.mentioned_in(card_id)) for card_id in entity_ids[1:]]
    all_words()
    ones: list[float] = []
    raws: list[float] = []
    bases: list[float] = []
    totals: list[float] = []
    base_totals: list[float] = []
    for _ in range(rounds):
        # Interleaved per entity, so that other work on the machine disturbs all three alike.
        for card_id, expression, word in zip(entity_ids, expressions, words, strict=True):
            start = time.perf_counter()
            doc.mentioned_in(card_id)
            one = time.perf_counter()
            matched(expression)
            raw = time.perf_counter()
            matched(word)
            ones.append((one - start) * 1000)
            raws.append((raw - one) * 1000)
            bases.append((time.perf_counter() - raw) * 1000)
        totals.append(seconds(all_mentions))
        base_totals.append(seconds(all_words))
    count = len(entity_ids)
    found = f"{sum(counts):,} found, max {max(counts):,}"  # run.py shows 60 characters
    return [
        _row("mentioned_in, first call after the open", first, "ms", None, None),
        _row(
            "mentioned_in, one entity, p50",
            percentile(ones, 0.5),
            "ms",
            ONE_TARGET_MS,
            percentile(bases, 0.5),
        ),
        _row(
            "mentioned_in, one entity, p90",
            percentile(ones, 0.9),
            "ms",
            ONE_TARGET_MS,
            percentile(bases, 0.9),
        ),
        _row(
            f"mentioned_in, all {count} entities ({found})",
            statistics.median(totals),
            "s",
            ALL_TARGET_S,
            statistics.median(base_totals),
        ),
        _row(
            "its FTS5 query alone (sqlite3), p50",
            percentile(raws, 0.5),
            "ms",
            None,
            percentile(bases, 0.5),
        ),
        _row(
            "its FTS5 query alone (sqlite3), p90",
            percentile(raws, 0.9),
            "ms",
            None,
            percentile(bases, 0.9),
        ),
    ]


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mentions.evboard"
        entity_ids = build_board(path)
        with open_board(path, author="bench") as doc:
            return measure(doc, entity_ids)


def main() -> int:
    rows = run()
    width = max(len(r["name"]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>10}  {'target':>8}  {'baseline':>10}  ratio  result")
    failed = 0
    for r in rows:
        passed = r["target"] is None or r["value"] <= r["target"]
        failed += not passed
        value = f"{r['value']:.3g} {r['unit']}"
        target = "-" if r["target"] is None else f"{r['target']:g} {r['unit']}"
        baseline = "-" if r["baseline"] is None else f"{r['baseline']:.3g} {r['unit']}"
        ratio = "-" if r["baseline"] is None else f"{r['value'] / r['baseline']:.1f}x"
        result = "pass" if passed else "FAIL"
        print(
            f"{r['name']:<{width}}  {value:>10}  {target:>8}  {baseline:>10}  {ratio:>5}  {result}"
        )
    print(
        "baseline: one plain FTS5 MATCH of a single word per entity (the longest word of "
        "its name), same connection, same rounds"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
