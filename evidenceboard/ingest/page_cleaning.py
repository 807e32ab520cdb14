"""Choosing and cleaning a saved page's title, authors, date and site from its candidates.

Each field has candidates from the publisher's structured metadata
(:mod:`evidenceboard.ingest.page_metadata`) and from the extractor's reading of the
visible page. The rules are generic, not per site:

* Titles lose a site name joined by a separator ("… | Aktuálně.cz", "…-新华网") when
  that part names the site (its ``og:site_name``, its publisher or its domain), or when
  the rest is exactly a heading of the page.
* Authors lose a leading "By", trailing date words and interface words ("FOLLOW",
  "Updated", "Staff Writer"), are split on "and", ";" and commas, deduplicated without
  regard to case, and lose names that are the publisher, an agency, a photo credit or a
  piece of interface when a person's name is left.
* Dates keep the precision the page gives: "2020-01" stays a month and is never
  completed to the first day.
"""

import html
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from evidenceboard.model.clock import normalize_partial_date
from evidenceboard.model.errors import InvalidValueError

_DASHES = "\u2013\u2014"  # en and em dash
#: Between a headline and the site's name: spaced bars, dashes, colons, guillemets, and the
#: unspaced bar, fullwidth bar or colon, or a dash before a last part without spaces that
#: does not start with a digit ("…-新华网", not "COVID-19").
_SEPARATORS = re.compile(
    rf"\s+[|\-{_DASHES}:·»/•~]{{1,2}}\s+|\s*[|\uff5c\uff1a:»]\s*"
    rf"|(?<=\S)[-{_DASHES}](?=[^\s\d-][^\s-]*$)"
)
_TRIM = f" ,;|-{_DASHES}·:"
_MONTHS = (  # noqa: SIM905 (a list literal of 64 words would hide them)
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
    "januar februar märz juni juli oktober dezember enero febrero marzo abril mayo junio "
    "julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio "
    "giugno luglio settembre ottobre dicembre"
).split()
#: Words that end a byline: what follows them is a date, a role or the page's interface.
_MONTH_WORDS = frozenset(_MONTHS)
_STOP_WORDS = frozenset(
    (  # noqa: SIM905
        "updated published posted follow following share tweet email contact staff writer "
        "reporter correspondent editor columnist contributor senior analyst bureau chief "
        "photographer editing edited před hace vor on at am pm min mins minutes hours hour "
        "ago "
        "aktualizováno aktualisiert mis à jour actualizado read more"
    ).split()
)
_LEADING = re.compile(
    r"^(?:(?:analysis|opinion|commentary|story|text|words|reporting|written|posted)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|autor(?:es|i|zy)?|author(?:s)?|texte?)\s*[:\-]?\s+",
    re.IGNORECASE,
)
#: Names of agencies, desks and companies: kept only when no person is named.
_AGENCIES = re.compile(
    r"\b(?:gmbh|ag|ltd|llc|inc|plc|corp(?:oration)?|company|media|group|news(?:room|desk)?|"
    r"agency|press|wire|staff|desk|editors?|editorial|redaktion|rédaction|redacción|afp|ap|"
    r"dpa|reuters|epa|ansa|efe|xinhua|tass|ria)\b",
    re.IGNORECASE,
)
#: Photo credits, account names, interface and reference labels: never an author.
_NEVER_AUTHORS = re.compile(
    r"\b(?:getty|images?|photos?|foto|фото|picture|credits?|username|user|admin|"
    r"administrator|guest|anonymous|authority control|submitted|facebook|twitter|"
    r"instagram|инстаграм\w*|youtube|comments?)\b",
    re.IGNORECASE,
)


def _folded(text: str) -> str:
    """Lower-case letters and digits only, accents removed: for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _domain_labels(url: str) -> set[str]:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = {_folded(host)} if host else set()
    parts = host.split(".")
    if len(parts) >= 2:
        labels.add(_folded(parts[-2]))
    return {label for label in labels if len(label) >= 3}


def _names_site(part: str, sites: set[str], domains: set[str]) -> bool:
    """Whether ``part`` of a title is the site's name ("CNN Politics", "Aktuálně.cz").

    A longer part that only mentions the site ("CNN's chief quits") is headline.
    """
    folded = _folded(part)
    if not folded:
        return True
    short = len(part.split()) <= 3
    for name in sites | domains:
        if folded == name:
            return True
        if short and name in folded and len(folded) <= len(name) + 12:
            return True
        if len(folded) >= 4 and folded in name and 2 * len(folded) >= len(name):
            return True
    return False


def clean_title(
    candidates: Iterable[str], headings: Iterable[str], sites: Iterable[str], url: str
) -> str:
    """The first candidate without the site's name, or the part that is a page heading."""
    titles = [" ".join(c.split()) for c in candidates if c and c.strip()]
    folded_sites = {_folded(s) for s in sites if len(_folded(s)) >= 2}
    domains = _domain_labels(url)
    heading_keys = {_folded(h) for h in headings if len(_folded(h)) >= 4}
    for title in titles:
        if _folded(title) in heading_keys:
            return title
    # A part of a title that is a heading of the page is the headline when it is the
    # longest part; a shorter one is a section or site name set as a heading (a logo
    # or "Port News" in <h1>) and is cut from the title like the site's name.
    labels: set[str] = set()
    for title in titles:
        parts = [p.strip() for p in _SEPARATORS.split(title) if _folded(p)]
        longest = max((len(_folded(p)) for p in parts), default=0)
        for part in parts:
            key = _folded(part)
            if len(key) < 4 or key not in heading_keys:
                continue
            if len(key) == longest and not _names_site(part, folded_sites, domains):
                return part
            labels.add(key)
    for title in titles:
        if _folded(title) in folded_sites | labels:
            continue  # a headline that is only the site's name says nothing
        return _strip_site(title, folded_sites, domains, labels)
    return ""


def _strip_site(
    title: str, sites: set[str], domains: set[str], labels: frozenset[str] | set[str] = frozenset()
) -> str:
    # Parts with their places in the title, so that what remains keeps its own
    # separators ("A: B | Site" -> "A: B").
    spans: list[tuple[int, int]] = []
    start = 0
    for separator in _SEPARATORS.finditer(title):
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(title)))
    spans = [(a, b) for a, b in spans if title[a:b].strip()]
    if len(spans) < 2:
        return title
    # One site-name part at either end: the site is named once, and a second match
    # would more likely be a headline that mentions it. Section names the page shows
    # as headings (``labels``) go too, from either end ("A | Port News | Harbour Post").
    if _names_site(title[slice(*spans[-1])], sites, domains):
        spans.pop()
    while len(spans) > 1 and _folded(title[slice(*spans[-1])]) in labels:
        spans.pop()
    if len(spans) > 1 and _names_site(title[slice(*spans[0])], sites, domains):
        spans.pop(0)
    while len(spans) > 1 and _folded(title[slice(*spans[0])]) in labels:
        spans.pop(0)
    return title[spans[0][0] : spans[-1][1]].strip()


def _trim_byline(name: str) -> str:
    name = _LEADING.sub("", name.strip(_TRIM))
    words = name.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        bare = word.strip(".,;:()[]|").casefold()
        following = words[index + 1] if index + 1 < len(words) else ""
        if bare in _MONTH_WORDS:
            # "June" is a name in "Laura June", a date in "June 5" or at a byline's end.
            if any(c.isdigit() for c in following) or (not following and len(kept) >= 2):
                break
        elif bare in _STOP_WORDS or any(c.isdigit() for c in bare):
            break
        kept.append(word)
    return " ".join(kept).strip(_TRIM)


def _split_names(value: str) -> list[str]:
    inverted = re.fullmatch(r"\s*([^\s,;]+),\s*([^\s,;]+)\s*", value)
    if inverted:  # "Gettleman, Jeffrey"
        return [f"{inverted.group(2)} {inverted.group(1)}"]
    value = re.sub(r"\s+(?:and|und|et|y|e|i|og|en|ja|и|&)\s+", ";", value, flags=re.I)
    parts = re.split(r"\s*[;,/|·•\u3001\uff0c]\s*|\s{2,}", value)
    return [p for p in parts if p.strip()]


def _is_person(name: str, publishers: set[str]) -> bool:
    if _folded(name) in publishers or _AGENCIES.search(name) or _NEVER_AUTHORS.search(name):
        return False
    words = name.split()
    if len(words) > 5 or len(name) > 60:
        return False
    # A single word is a person only in scripts written without spaces (Chinese, Japanese).
    return len(words) >= 2 or (not name.isascii() and len(name) >= 2 and name[0].isalpha())


def clean_authors(
    sources: Iterable[Iterable[str]],
    publishers: Iterable[str] = (),
    organisations: Iterable[str] = (),
) -> str:
    """Person names from the first of ``sources`` naming a person, ``"; "``-joined.

    Each source is a list of bylines (the structured metadata first, then the extractor's
    reading of the page). ``organisations`` (authors the markup itself calls
    organisations) and names that look like agencies or desks are used only when no
    source names a person; credits and interface words never are.
    """
    publisher_keys = {_folded(p) for p in publishers if _folded(p)}
    others: list[str] = []
    seen: set[str] = set()
    for source in sources:
        people: list[str] = []
        for candidate in source:
            for raw in _split_names(candidate):
                name = _trim_byline(raw)
                key = _folded(name)
                if not key or key in seen:
                    continue
                seen.add(key)
                if name.isupper() and len(name) > 4:
                    name = name.title()
                (people if _is_person(name, publisher_keys) else others).append(name)
        if people:
            return "; ".join(people)
    # No person: an agency or desk named as the author is still the byline.
    kept = [
        n
        for n in [*others, *organisations]
        if _folded(n) not in publisher_keys
        and not _NEVER_AUTHORS.search(n)
        and (_AGENCIES.search(n) or len(n.split()) >= 2)
        and len(n.split()) <= 5
    ]
    return "; ".join(dict.fromkeys(kept[:3]))


_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?(?=$|[T\s_]|[+-]\d{2}:?\d{2}$|Z$)")
_SLASHED = re.compile(r"^\s*(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?\b")


def partial_date(value: str | None) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as the page wrote it, or "" if unreadable.

    The day is the one written on the page (its own time zone), and a missing month or
    day stays missing.
    """
    text = (value or "").strip()[:64]
    match = _ISO_DATE.match(text) or _SLASHED.match(text)
    if match is None:
        return ""
    year, month, day = match.groups()
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    try:
        return normalize_partial_date("-".join(parts))
    except InvalidValueError:
        return ""


def choose_date(
    structured: Iterable[str], extracted: str | None, markup: Iterable[str] = ()
) -> str:
    """The first readable structured date; the extractor's only when the page has none.

    An extracted day that the markup gives only as a month or a year ("2020-01" in a
    ``<time datetime>``) is the extractor's filling: the month or year is returned.
    """
    for value in structured:
        found = partial_date(value)
        if found:
            return found
    found = partial_date(extracted)
    if len(found) == len("YYYY-MM-DD"):
        given = [partial_date(value) for value in markup]
        if found not in given:
            coarser = [d for d in given if d and len(d) < len(found) and found.startswith(d)]
            if coarser:
                return max(coarser, key=len)
    return found


def choose_body(extracted: str, declared: str) -> str:
    """The extractor's text, unless the publisher's ``articleBody`` shows it went wrong.

    An extraction far shorter than the declared body is a caption or a teaser; one far
    longer took in a gallery or the comments. A declared body holding markup is not used:
    it would need a second, unsanitised reading of hostile HTML.
    """
    extracted = extracted.strip()
    declared = html.unescape(declared.strip())
    if len(declared) < 400 or _MARKUP.search(declared):
        return extracted
    if len(extracted) < 0.6 * len(declared) or len(extracted) > 1.8 * len(declared):
        return "\n".join(line.strip() for line in declared.splitlines() if line.strip())
    return extracted


_MARKUP = re.compile(r"<[A-Za-z/!]")
_DATELINE_PART = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\b\d{1,2},? \d{4}\b")


def lead_byline(body: str, title: str) -> str:
    """A "Name | Place | 08/01/2014" dateline among the first lines of the text, or ""."""
    lines = [line.strip() for line in body.splitlines()[:4] if line.strip()]
    for line in lines[:3]:
        if len(line) > 100 or _folded(line) == _folded(title):
            continue
        parts = [p.strip() for p in re.split(r"\s+[|·•]\s+", line)]
        if len(parts) < 2 or not any(_DATELINE_PART.search(p) for p in parts[1:]):
            continue
        words = _LEADING.sub("", parts[0]).split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            return " ".join(words)
    return ""


#: Labels that credit an editor, not a writer ("编辑: 严玉洁", "Editing by Ana Ruiz"):
#: Chinese and Japanese ones with or without a (fullwidth) colon, others with one.
_EDITOR_LABEL = (
    r"(?:(?:责任编辑|責任編輯|编辑|編輯|责编|編集)\s*[:\uff1a]?"
    r"|(?:editing|edited)\s+by|(?:editor|redakce|redaktion|rédaction|redacción)\s*:)\s*"
)
#: Up to three other names credited with the same label before the one looked for.
_OTHER_NAMES = r"(?:[^\s:\uff1a]+[\s\u3001,\uff0c/]+){0,3}"


def drop_editors(authors: str, text: str) -> str:
    """``authors`` without the names the page's own text credits as its editors.

    Sites often put the editor in ``<meta name=author>``; the text says who they are.
    """
    kept = []
    for name in authors.split("; "):
        credit = re.compile(_EDITOR_LABEL + _OTHER_NAMES + re.escape(name), re.IGNORECASE)
        if name and credit.search(text) is None:
            kept.append(name)
    return "; ".join(kept)
