"""Title, authors, publication date and site name from a saved page's own structured metadata.

Publishers describe their articles for search engines and social networks in JSON-LD
(schema.org ``Article`` and its kinds), OpenGraph (``og:*``), ``article:*`` and Dublin Core
``<meta>`` tags. Those values are what the publisher says, so they come before anything
guessed from the visible page: a byline found in the text drags in neighbouring words
("Updated", "FOLLOW", a date), a ``<title>`` carries the site's name, and a date guessed
from text can be a default the guesser filled in.

JSON-LD is parsed with :func:`json.loads` (no entities, nothing fetched, no code run) from
the text of at most :data:`MAX_BLOCKS` blocks of at most :data:`MAX_BLOCK_CHARS` each and
:data:`MAX_TOTAL_CHARS` in all, and only :data:`MAX_NODES` objects are visited, so a
hostile page costs little. The values found
here are then cleaned by :mod:`evidenceboard.ingest.page_cleaning`.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_BLOCKS = 20
MAX_BLOCK_CHARS = 1_000_000
#: All blocks together: a real article's JSON-LD, its full text included, is far smaller.
MAX_TOTAL_CHARS = 4_000_000
#: Past this much JSON-LD text the page's further blocks are not even copied out.
MAX_SEEN_CHARS = MAX_TOTAL_CHARS + MAX_BLOCK_CHARS
MAX_NODES = 5_000
_MAX_DEPTH = 12

#: schema.org types that describe the page's own text (``Article`` and its subtypes).
_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "LiveBlogPosting", "SocialMediaPosting", "ScholarlyArticle", "TechArticle", "Report",
        "SatiricalArticle", "DiscussionForumPosting", "WebPage", "ItemPage",
    )
)  # fmt: skip
_ORGANISATION_TYPES = frozenset(
    ("organization", "newsmediaorganization", "corporation", "website", "brand")
)


@dataclass(frozen=True)
class StructuredMetadata:
    """What the page's markup declares; an empty value means the page does not say."""

    titles: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    #: Authors the markup itself marks as organisations (JSON-LD ``Organization``).
    organisations: tuple[str, ...] = ()
    published: str = ""
    site: str = ""
    publishers: tuple[str, ...] = ()
    body: str = ""
    #: Every date-like value in the markup (``<time datetime>``, ``<meta content>``), to
    #: tell a day the page gives from one an extractor filled in.
    markup_dates: tuple[str, ...] = ()


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower().rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value``, outermost first, ``@graph`` members included."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _walk(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, (dict, list)):
                yield from _walk(child, depth + 1)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list) and value and isinstance(value[0], str):
        return " ".join(value[0].split())
    return ""


def _names(value: Any, by_id: dict[str, dict[str, Any]]) -> Iterator[tuple[str, bool]]:
    """(name, is_organisation) for each author or publisher a JSON-LD value names."""
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, str):
            yield " ".join(entry.split()), False
        elif isinstance(entry, dict):
            if "name" not in entry and isinstance(entry.get("@id"), str):
                entry = by_id.get(entry["@id"], entry)
            name = _text(entry.get("name"))
            if name:
                yield name, bool(_types(entry) & _ORGANISATION_TYPES)


def _unwrapped(block: str) -> str:
    """The JSON inside the HTML comment or CDATA section old pages wrap scripts in.

    Plain string tests: a regular expression searching a megabyte block for a closing
    marker took a third of a second.
    """
    text = block.strip()
    for opener in ("<!--", "//<![CDATA[", "<![CDATA["):
        if text.startswith(opener):
            text = text[len(opener) :]
            break
    for closer in ("-->", "//]]>", "]]>"):
        if text.endswith(closer):
            text = text[: -len(closer)]
            break
    return text


def _load_blocks(blocks: list[str]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    budget = MAX_TOTAL_CHARS
    for block in blocks[:MAX_BLOCKS]:
        if len(block) > min(MAX_BLOCK_CHARS, budget):
            continue
        budget -= len(block)
        try:
            # strict=False: publishers often leave raw newlines inside strings.
            data = json.loads(_unwrapped(block), strict=False)
        except (ValueError, RecursionError):
            continue
        for node in _walk(data):
            nodes.append(node)
            if len(nodes) >= MAX_NODES:
                return nodes
    return nodes


def from_json_ld(blocks: list[str]) -> StructuredMetadata:
    """Read the article the JSON-LD ``blocks`` describe (the first of an article type)."""
    nodes = _load_blocks(blocks)
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    articles = [n for n in nodes if _types(n) & _ARTICLE_TYPES]
    # A WebPage wraps the article on many sites: prefer a real article kind.
    articles.sort(key=lambda n: bool(_types(n) & {"webpage", "itempage"}))
    site = ""
    for node in nodes:
        if _types(node) & {"website"} and _text(node.get("name")):
            site = _text(node.get("name"))
            break
    if not articles:
        publishers = tuple(
            _text(n.get("name"))
            for n in nodes
            if _types(n) & _ORGANISATION_TYPES and _text(n.get("name"))
        )
        return StructuredMetadata(site=site, publishers=publishers[:5])
    article = articles[0]
    people: list[str] = []
    organisations: list[str] = []
    for name, is_organisation in _names(article.get("author"), by_id):
        (organisations if is_organisation else people).append(name)
    publishers = tuple(name for name, _ in _names(article.get("publisher"), by_id))
    titles = tuple(t for t in (_text(article.get("headline")), _text(article.get("name"))) if t)
    published = _text(article.get("datePublished")) or _text(article.get("dateCreated"))
    body = article.get("articleBody")
    return StructuredMetadata(
        titles=titles,
        authors=tuple(people),
        organisations=tuple(organisations),
        published=published,
        site=site,
        publishers=publishers,
        body=body.strip() if isinstance(body, str) else "",
    )


_META_TITLES = ("og:title", "dc.title", "dcterms.title", "citation_title", "twitter:title")
_META_AUTHORS = (
    "author", "article:author", "dc.creator", "dcterms.creator", "citation_author",
    "parsely-author", "sailthru.author", "byl", "article_author",
)  # fmt: skip
_META_DATES = (
    "article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "citation_publication_date", "citation_date",
    "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "og:published_time",
    "article_date_original", "date",
)  # fmt: skip
_META_SITES = ("og:site_name", "application-name", "dc.publisher", "citation_publisher")


def meta_values(tree: Any) -> dict[str, list[str]]:
    """``<meta>`` contents by lower-cased ``property``/``name``/``itemprop``, in page order."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = " ".join((element.get("content") or "").split())
        if key and content:
            for name in key.lower().split():
                found.setdefault(name, []).append(content)
    return found


def _looks_like_address(value: str) -> bool:
    return bool(re.match(r"^(https?:)?//|^www\.|^@", value, re.IGNORECASE))


def from_meta(meta: dict[str, list[str]]) -> StructuredMetadata:
    """Read OpenGraph, ``article:*``, Dublin Core and citation ``<meta>`` tags."""

    def first(keys: tuple[str, ...]) -> str:
        for key in keys:
            for value in meta.get(key, ()):
                if not _looks_like_address(value):
                    return value
        return ""

    authors: list[str] = []
    for key in _META_AUTHORS:
        values = [v for v in meta.get(key, ()) if not _looks_like_address(v)]
        if values:
            authors = values
            break
    titles = tuple(v for key in _META_TITLES for v in meta.get(key, ())[:1])
    return StructuredMetadata(
        titles=titles,
        authors=tuple(authors),
        published=first(_META_DATES),
        # A Twitter account ("@UHmallorca") names the site when nothing else does.
        site=first(_META_SITES) or next(iter(meta.get("twitter:site", ())), "").lstrip("@"),
    )


_MICRODATA_DATE = "//*[@itemprop='datePublished' and not(self::meta)]"
_DATE_LIKE = re.compile(r"^\s*\d{4}(?:[-/.]\d{1,2}){0,2}(?:$|[T\s])")
_MAX_MARKUP_DATES = 200


def _microdata_date(tree: Any) -> str:
    for element in tree.xpath(_MICRODATA_DATE)[:5]:
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return " ".join(value.split())[:64]
    return ""


def _markup_dates(tree: Any, meta: dict[str, list[str]]) -> tuple[str, ...]:
    values = [v for values in meta.values() for v in values if _DATE_LIKE.match(v)]
    for element in tree.iter("time"):
        if len(values) >= _MAX_MARKUP_DATES:
            break
        value = element.get("datetime") or ""
        if _DATE_LIKE.match(value):
            values.append(value.strip()[:64])
    return tuple(values[:_MAX_MARKUP_DATES])


def read_structured(tree: Any, json_ld: list[str]) -> StructuredMetadata:
    """JSON-LD first, then microdata and ``<meta>`` tags, field by field."""
    ld = from_json_ld(json_ld)
    meta = meta_values(tree)
    tags = from_meta(meta)
    return StructuredMetadata(
        titles=ld.titles + tags.titles,
        authors=ld.authors or tags.authors,
        organisations=ld.organisations,
        published=ld.published or _microdata_date(tree) or tags.published,
        site=tags.site or ld.site,
        publishers=ld.publishers,
        body=ld.body,
        markup_dates=_markup_dates(tree, meta),
    )
