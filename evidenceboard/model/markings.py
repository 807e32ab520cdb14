"""Handling markings as an ordered scheme, so that two markings can be compared.

A board says which scheme its markings follow (the ``marking.scheme`` board setting:
``uk``, ``us``, ``nato``, ``tlp`` or ``custom`` with its levels, lowest first, one per
line in ``marking.custom_levels``). A board that sets none gets the first built-in scheme
in which every marking it holds can be read; a marking that fits no scheme is not
guessed at: :func:`scheme_for` returns None and callers refuse to compare.

A marking is a level and caveats: ``SECRET//NOFORN`` is SECRET with the caveat NOFORN,
``SECRET UK EYES ONLY`` is SECRET with the caveat UK EYES ONLY. A marking is at or below
another when its level is not higher and every caveat it carries is carried by the other
too: a caveat restricts who may read, so a brief that drops one is a downgrade.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Only read here; importing the board would load it for every CLI --help.
    from evidenceboard.model.board import BoardInfo

#: Board settings read here.
SCHEME_SETTING = "marking.scheme"
CUSTOM_LEVELS_SETTING = "marking.custom_levels"
#: Most levels of a custom scheme.
MAX_CUSTOM_LEVELS = 20


class SchemeName(StrEnum):
    UK = "uk"
    US = "us"
    NATO = "nato"
    TLP = "tlp"
    CUSTOM = "custom"

    @property
    def words(self) -> str:
        return _SCHEME_WORDS[self]


_SCHEME_WORDS = {
    SchemeName.UK: "UK Government Security Classifications",
    SchemeName.US: "US classification with caveats",
    SchemeName.NATO: "NATO classification",
    SchemeName.TLP: "Traffic Light Protocol 2.0",
    SchemeName.CUSTOM: "the board's own list",
}


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a scheme: its name, its portion mark and other spellings of it."""

    name: str
    portion: str
    aliases: tuple[str, ...] = ()


_BUILT_IN: dict[SchemeName, tuple[Level, ...]] = {
    SchemeName.UK: (
        Level("OFFICIAL", "O"),
        Level("OFFICIAL-SENSITIVE", "OS", ("OFFICIAL SENSITIVE",)),
        Level("SECRET", "S"),
        Level("TOP SECRET", "TS"),
    ),
    SchemeName.US: (
        Level("UNCLASSIFIED", "U"),
        Level("CONFIDENTIAL", "C"),
        Level("SECRET", "S"),
        Level("TOP SECRET", "TS"),
    ),
    SchemeName.NATO: (
        Level("NATO UNCLASSIFIED", "NU"),
        Level("NATO RESTRICTED", "NR"),
        Level("NATO CONFIDENTIAL", "NC"),
        Level("NATO SECRET", "NS"),
        Level("COSMIC TOP SECRET", "CTS"),
    ),
    SchemeName.TLP: (
        Level("TLP:CLEAR", "TLP:CLEAR", ("TLP:WHITE", "TLP CLEAR", "TLP WHITE")),
        Level("TLP:GREEN", "TLP:GREEN", ("TLP GREEN",)),
        Level("TLP:AMBER", "TLP:AMBER", ("TLP AMBER",)),
        Level("TLP:AMBER+STRICT", "TLP:AMBER+STRICT", ("TLP AMBER+STRICT",)),
        Level("TLP:RED", "TLP:RED", ("TLP RED",)),
    ),
}
#: The order in which a board without a scheme setting is tried.
DETECT_ORDER = (SchemeName.UK, SchemeName.US, SchemeName.NATO, SchemeName.TLP)
#: Short forms of common US dissemination controls, for portion marks.
_CAVEAT_PORTIONS = {
    "NOFORN": "NF",
    "ORCON": "OC",
    "PROPIN": "PR",
    "IMCON": "IMC",
    "FOUO": "FOUO",
}
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.strip()).upper()


class UnknownMarking(ValueError):
    """A marking that the scheme cannot read."""


@dataclass(frozen=True, slots=True)
class Marking:
    """A level of one scheme with its caveats."""

    scheme: SchemeName
    rank: int
    level: str
    portion_level: str
    caveats: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        """The marking written out, e.g. ``SECRET//NOFORN``."""
        return "//".join([self.level, *sorted(self.caveats)])

    @property
    def portion(self) -> str:
        """The portion mark, e.g. ``(S//NF)``."""
        caveats = [_CAVEAT_PORTIONS.get(c, c) for c in sorted(self.caveats)]
        return "(" + "//".join([self.portion_level, *caveats]) + ")"

    def at_or_below(self, other: "Marking") -> bool:
        """True when what carries this marking may go into something marked ``other``."""
        return (
            self.scheme is other.scheme
            and self.rank <= other.rank
            and self.caveats <= other.caveats
        )


@dataclass(frozen=True, slots=True)
class Scheme:
    """An ordered list of levels, lowest first."""

    name: SchemeName
    levels: tuple[Level, ...]

    def parse(self, text: str) -> Marking:
        """The marking ``text`` names; raises :class:`UnknownMarking` when it fits no level."""
        normal = _normal(text)
        head, *rest = normal.split("//")
        spellings = sorted(
            ((s, rank) for rank, lv in enumerate(self.levels) for s in (lv.name, *lv.aliases)),
            key=lambda pair: -len(pair[0]),
        )
        for spelling, rank in spellings:
            spelling = _normal(spelling)
            if head == spelling or head.startswith(spelling + " "):
                extra = head[len(spelling) :].strip(" -/")
                caveats = {c.strip() for c in rest if c.strip()}
                if extra:
                    caveats.add(extra)
                level = self.levels[rank]
                return Marking(self.name, rank, level.name, level.portion, frozenset(caveats))
        raise UnknownMarking(f"“{text.strip()}” is not a level of {self.name.words}.")

    def reads(self, text: str) -> bool:
        try:
            self.parse(text)
        except UnknownMarking:
            return False
        return True

    def level_names(self) -> list[str]:
        return [level.name for level in self.levels]


def built_in(name: SchemeName) -> Scheme:
    """One of the built-in schemes (not ``custom``)."""
    return Scheme(name, _BUILT_IN[name])


def custom_scheme(levels: Iterable[str]) -> Scheme:
    """A scheme of the given levels, lowest first; raises ValueError when they are unfit."""
    names = [_normal(level) for level in levels if level.strip()]
    if not names:
        raise ValueError("A custom marking scheme needs at least one level.")
    if len(names) > MAX_CUSTOM_LEVELS:
        raise ValueError(f"A custom marking scheme has at most {MAX_CUSTOM_LEVELS} levels.")
    if len(set(names)) != len(names):
        raise ValueError("The levels of a custom marking scheme must differ.")
    if any("//" in n for n in names):
        raise ValueError("A level name cannot contain “//” (it separates caveats).")
    return Scheme(SchemeName.CUSTOM, tuple(Level(n, _initials(n)) for n in names))


def _initials(name: str) -> str:
    words = re.findall(r"[A-Z0-9]+", name)
    return "".join(w[0] for w in words) if len(words) > 1 else name


def custom_levels_value(levels: Iterable[str]) -> str:
    """The board setting's value for a custom list of levels (lowest first)."""
    return "\n".join(custom_scheme(levels).level_names())


def scheme_for(info: "BoardInfo", markings: Iterable[str]) -> Scheme | None:
    """The scheme that reads ``markings`` on this board, or None when none can.

    The board's own setting wins; a board without one gets the first built-in scheme
    that reads every marking given (and the board's own marking).
    """
    texts = [m for m in (info.handling, *markings) if m.strip()]
    setting = info.setting(SCHEME_SETTING)
    if setting is not None:
        scheme = configured_scheme(info)
        return scheme if scheme is not None and all(scheme.reads(t) for t in texts) else None
    for name in DETECT_ORDER:
        scheme = built_in(name)
        if all(scheme.reads(t) for t in texts):
            return scheme
    return None


def configured_scheme(info: "BoardInfo") -> Scheme | None:
    """The scheme the board's settings name, or None when they name none (or a bad one)."""
    setting = info.setting(SCHEME_SETTING)
    if setting is None:
        return None
    try:
        name = SchemeName(setting.strip().lower())
    except ValueError:
        return None
    if name is not SchemeName.CUSTOM:
        return built_in(name)
    try:
        return custom_scheme((info.setting(CUSTOM_LEVELS_SETTING) or "").splitlines())
    except ValueError:
        return None


def highest(markings: Iterable[Marking]) -> Marking | None:
    """The least marking that every one given is at or below (None for none given).

    All must be of one scheme: the highest level, with every caveat any of them carries.
    """
    top: Marking | None = None
    caveats: set[str] = set()
    for marking in markings:
        if top is not None and marking.scheme is not top.scheme:
            raise ValueError("Markings of different schemes cannot be compared.")
        caveats |= marking.caveats
        if top is None or marking.rank > top.rank:
            top = marking
    if top is None:
        return None
    return Marking(top.scheme, top.rank, top.level, top.portion_level, frozenset(caveats))


def raised_handling(info: "BoardInfo", other: str) -> str | None:
    """The board's marking raised to cover ``other`` too, or None when it already does.

    Used when two copies of a case disagree on its marking (a merge, a team sync): the
    case keeps the higher, with the caveats of both, since keeping the lower would let a
    brief under-mark what the other copy marked higher. None too when the two cannot be
    compared (no scheme reads both); the disagreement is then a conflict to resolve.
    """
    mine = info.handling
    if not other.strip() or " ".join(other.split()) == " ".join(mine.split()):
        return None
    if not mine.strip():
        return other.strip()
    scheme = scheme_for(info, [other])
    if scheme is None:
        return None
    ours, theirs = scheme.parse(mine), scheme.parse(other)
    if theirs.at_or_below(ours):
        return None
    top = highest((ours, theirs))
    return top.label if top is not None else None


def marked_at_or_above(info: "BoardInfo", marking: str, chosen: Iterable[str]) -> bool:
    """True when ``marking`` is any of ``chosen`` or at or above one of them.

    Used to leave cards out of a shared copy: choosing SECRET leaves out TOP SECRET and
    SECRET//NOFORN too. A marking the scheme cannot read is matched by its text only.
    """
    text = " ".join(marking.split()).casefold()
    if not text:
        return False
    for wanted in chosen:
        if " ".join(wanted.split()).casefold() == text:
            return True
        scheme = scheme_for(info, [wanted]) if wanted.strip() else None
        if (
            scheme is not None
            and scheme.reads(marking)
            and scheme.parse(wanted).at_or_below(scheme.parse(marking))
        ):
            return True
    return False
