"""Saved web pages (``.html``, ``.htm``, ``.mhtml``) to article cards, entirely offline.

The title, authors, publication date and site name come first from what the publisher
declares in the page's structured metadata (JSON-LD, OpenGraph, ``article:*`` and Dublin
Core tags, read by :mod:`evidenceboard.ingest.page_metadata`), then from trafilatura's
and htmldate's guesses from the visible page for what is not declared, and are cleaned by
:mod:`evidenceboard.ingest.page_cleaning` (site names off titles, dates and interface
words off bylines, publishers and credits out of the authors). The main text is
trafilatura's (its own readability and jusText fallbacks run inside it) unless the
publisher's declared ``articleBody`` shows it took only a caption or a whole gallery;
when it finds no text, a plain-text pass over the page without scripts, navigation and
forms takes over, so a page is never dropped for being unusual. readability-lxml is not
used: trafilatura already embeds its algorithm, and the package would add chardet.

The canonical address is taken, in order, from ``<link rel=canonical>``, ``og:url``,
the ``<!-- saved from url=(NNNN)… -->`` comment browsers write, and the archive's
``Snapshot-Content-Location``; only http(s) addresses are kept. Nothing is fetched.

Dates: the publication date comes from the page's own markup only (its structured
metadata, then htmldate with ``extensive_search`` off), at the precision the page gives,
because a date guessed from stray text misleads an investigator more than no date. The
capture time is kept apart: the ``Date`` header of an MHTML archive (written by the
browser at saving), otherwise the file's modification time, otherwise (unreadable,
before 1995 or in the future) the time of import.

The page is parsed once with libxml2's ``huge_tree`` (by default it silently stops at a
text node or attribute over 10 MB, which would let a hostile page hide the text after
one); the text of JSON-LD blocks is kept aside as data, then scripts, styles and
attribute values over 2 KiB (inline ``data:`` images) are cut from the tree before
trafilatura sees a copy of it: they carry no evidence text and made extraction of a
30 MB page take 20 seconds instead of a fraction of one.
"""

import contextlib
import copy
import itertools
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import htmldate
import lxml.etree
import lxml.html
import trafilatura
import trafilatura.metadata

from evidenceboard.ingest.decoding import decode_text
from evidenceboard.ingest.items import MAX_EXTRACTED_CHARS, EmbeddedFile, ImportedItem, IngestError
from evidenceboard.ingest.mhtml import read_mhtml
from evidenceboard.ingest.page_cleaning import (
    choose_body,
    choose_date,
    clean_authors,
    clean_title,
    drop_editors,
    lead_byline,
    partial_date,
)
from evidenceboard.ingest.page_metadata import MAX_BLOCKS, MAX_SEEN_CHARS, read_structured
from evidenceboard.model.cancel import CancelCheck
from evidenceboard.model.cards import MAX_TITLE_LENGTH, CardKind
from evidenceboard.model.clock import utc_now

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NOISE = ("script", "style", "template", "noscript")
#: Longer attribute values are inline data (images, fonts), never text to read.
_MAX_ATTRIBUTE = 2048
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_BLOCKS = (
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
    "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt",
)  # fmt: skip
_CHROME = ("nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select")
_EARLIEST_CAPTURE = datetime(1995, 1, 1, tzinfo=UTC)


def _clip(text: str | None, limit: int = MAX_TITLE_LENGTH) -> str:
    return " ".join((text or "").split())[:limit]


def _web_address(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TITLE_LENGTH:
        return ""
    parts = urlsplit(value)
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def _site_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _capture_time(path: Path, archive_date: str) -> datetime:
    now = utc_now()
    candidates: list[datetime] = []
    if archive_date:
        try:
            stamp = parsedate_to_datetime(archive_date)
            candidates.append(stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC))
        except (TypeError, ValueError, IndexError):
            pass
    with contextlib.suppress(OSError, OverflowError, ValueError):
        candidates.append(datetime.fromtimestamp(path.stat().st_mtime, UTC))
    for stamp in candidates:
        if _EARLIEST_CAPTURE <= stamp <= now:
            return stamp.astimezone(UTC).replace(microsecond=0)
    return now


def _language(tree: Any) -> str:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath("//meta[@http-equiv and translate(@http-equiv,'CONTELANGU','contelangu')="
                    "'content-language']/@content"),
        *(v.replace("_", "-") for v in tree.xpath("//meta[@property='og:locale']/@content")),
    ]  # fmt: skip
    for value in candidates:
        value = str(value or "").strip().split(",")[0].strip()
        if _LANGUAGE.match(value):
            return value
    return ""


def _parse(html: str) -> tuple[Any, list[str]]:
    # lxml refuses text that still carries an XML encoding declaration (XHTML pages).
    html = _XML_DECLARATION.sub("", html, count=1)
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise IngestError(f"the page cannot be parsed ({exc})") from exc
    # JSON-LD is data, not code: its text is kept (before every script goes) to be read
    # as JSON, never run.
    json_ld: list[str] = []
    seen = 0
    for element in tree.iter("script"):
        if len(json_ld) >= MAX_BLOCKS or seen >= MAX_SEEN_CHARS:
            break
        if (element.get("type") or "").strip().lower() == "application/ld+json":
            json_ld.append(element.text or "")
            seen += len(json_ld[-1])
    for element in list(tree.iter(*_NOISE)):
        element.drop_tree()
    for element in tree.iter():
        for name, value in list(element.attrib.items()):
            if len(value) > _MAX_ATTRIBUTE:
                del element.attrib[name]
    return tree, json_ld


def _first(tree: Any, xpath: str) -> str:
    for value in tree.xpath(xpath):
        text = str(value).strip()
        if text:
            return text
    return ""


def _plain_text(tree: Any) -> str:
    for element in list(tree.iter(*_CHROME)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    for element in tree.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


#: Elements named as a photo gallery, a slideshow or the readers' comments: their text
#: is not the story (the extractor keeps comments it does not recognise as such).
_ASIDE = re.compile(
    r"(?:^|[\s_-])(?:gallery|slideshow|carousel|comments?|disqus\w*)(?:$|[\s_-])", re.I
)


def _drop_asides(tree: Any) -> None:
    # A walk in Python: the first XPath query on a fresh copy costs ten times more.
    named = [e for e in tree.iter(lxml.etree.Element) if e.get("class") or e.get("id")]
    for element in named:
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        # A wrapper holding the headline or the article is the page, not a gallery.
        if (
            element.getparent() is not None
            and element.tag not in ("body", "article", "main")
            and _ASIDE.search(names)
            and element.find(".//h1") is None
            and element.find(".//article") is None
        ):
            element.drop_tree()


def _extract(tree: Any, url: str, *, wanted: frozenset[str]) -> dict[str, Any]:
    """trafilatura's main text, and its guesses for the ``wanted`` fields only.

    Its whole metadata pass was a fifth of its time, mostly spent on what the page
    declares (read already) and on categories and tags (never used); only its title,
    byline and htmldate's date guesses are asked for, when the page lacks them.
    """
    found: dict[str, Any] = {}
    # trafilatura parses hostile markup with many libraries; any failure of theirs on
    # one page must fall back to plain text rather than lose the file.
    try:
        # It prunes the tree it is given; ours is still needed afterwards.
        pruned = copy.deepcopy(tree)
        _drop_asides(pruned)
        document = trafilatura.bare_extraction(
            pruned,
            url=url or None,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
        )
        if document is not None:
            found["text"] = getattr(document, "text", None)
        # These read the tree without changing it (the byline search prunes a copy).
        if "title" in wanted:
            found["title"] = trafilatura.metadata.extract_title(tree)
        if "author" in wanted:
            found["author"] = trafilatura.metadata.extract_author(tree)
        if "date" in wanted:
            found["date"] = htmldate.find_date(
                tree, extensive_search=False, original_date=True, url=url or None
            )
    except Exception:
        return found
    return found


def read_html_article(
    path: Path, data: bytes, *, archive: bool = False, cancel: CancelCheck | None = None
) -> ImportedItem:
    """Read a saved page (or a single-file archive when ``archive``) into an article."""
    location = ""
    archive_date = ""
    page = data
    declared: str | None = None
    if archive:
        archived = read_mhtml(data, cancel)
        page, declared, location = archived.html, archived.charset, archived.location
        archive_date = archived.date
    if declared is None:
        match = _META_CHARSET.search(page[:4096])
        declared = match.group(1).decode("ascii") if match else None
    saved_from = _SAVED_FROM.search(page[:4096])
    tree, json_ld = _parse(decode_text(page, declared))

    url = (
        _web_address(_first(tree, "//link[@rel='canonical']/@href"))
        or _web_address(_first(tree, "//meta[@property='og:url']/@content"))
        or _web_address(saved_from.group(1).decode("latin-1") if saved_from else "")
        or _web_address(location)
    )
    headings = [_clip(h.text_content()) for h in itertools.islice(tree.iter("h1"), 10)]
    page_title = _clip(_first(tree, "//title/text()"))
    described = read_structured(tree, json_ld)
    wanted = frozenset(
        name
        for name, declared in (
            ("title", described.titles or page_title),
            ("author", described.authors),
            ("date", partial_date(described.published)),
        )
        if not declared
    )
    found = _extract(tree, url, wanted=wanted)
    body = choose_body(found.get("text") or "", described.body) or _plain_text(tree)
    outlet = (
        _clip(described.site)
        or _clip(described.publishers[0] if described.publishers else "")
        or _site_of(url)
    )
    sites = [outlet, *described.publishers]
    title = (
        _clip(
            clean_title(
                # The extractor's title may be a promo box's heading: only without others.
                [t for t in (*described.titles, page_title) if t] or [_clip(found.get("title"))],
                headings,
                sites,
                url,
            )
        )
        or path.stem
    )
    if not body and title == path.stem:
        raise IngestError("the saved page holds no readable text")
    author = drop_editors(
        clean_authors(
            [described.authors, [found.get("author") or ""], [lead_byline(body, title)]],
            publishers=[s for s in sites if s],
            organisations=described.organisations,
        ),
        body,
    )
    values = {
        "outlet": outlet,
        "author": _clip(author),
        "url": url,
        "published": choose_date([described.published], found.get("date"), described.markup_dates),
        "captured_at": _capture_time(path, archive_date),
        "language": _language(tree),
        "body": body[:MAX_EXTRACTED_CHARS],
    }
    media_type = "multipart/related" if archive else "text/html"
    original = EmbeddedFile(path.name, media_type, data)
    values["attachment"] = original.sha256
    return ImportedItem(
        source=path,
        kind=CardKind.ARTICLE,
        title=title,
        values=values,
        original=original,
    )
