"""Turning hostile board text into safe reportlab markup.

Every string on a board may come from a colleague's file or a captured web page, so it is
treated as hostile: control characters (C0 and C1), lone surrogates and noncharacters are
stripped (the set :func:`evidenceboard.model.xml_text.xml_safe` replaces), then the text is
XML-escaped before it reaches ``Paragraph`` markup. That keeps ``<font color=…>``
(CVE-2023-33733), ``<img src=…>`` (local file read, network beacon), ``<a href=…>``
(GoToR / javascript: / file: actions) and ``<onDraw>`` as literal text.

Links are built only here, only to ``http``/``https`` URLs that pass :func:`safe_url`, with
the URL escaped as an attribute value. Long texts are cut into chunks of at most
:data:`CHUNK_CHARS` characters: reportlab's line breaking is quadratic in a paragraph's
length (200,000 characters without spaces took a minute in one paragraph, 2 s in chunks).
"""

import re
from urllib.parse import urlsplit

from evidenceboard.model import short_text
from evidenceboard.model.xml_text import xml_safe

#: Longest text handed to one Paragraph.
CHUNK_CHARS = 2_000
#: Longest URL turned into a link (longer ones are shown as text only).
MAX_URL_CHARS = 2_000

_HOST_RE = re.compile(r"^[0-9A-Za-z\-._~%\[\]:\u00a0-\uffff]+$")


def clean(text: str) -> str:
    """Drop controls other than tab and newline, lone surrogates and noncharacters."""
    return xml_safe(text.replace("\r\n", "\n").replace("\r", "\n"), stand_in="")


def _escape(text: str) -> str:
    # What xml.sax.saxutils.escape does, whose module loads urllib.request and with it
    # a fifth of the brief command's start-up.
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def escape_text(text: str) -> str:
    """Clean ``text`` and escape it for use as the content of Paragraph markup."""
    return _escape(clean(text))


def escape_attribute(text: str) -> str:
    """Clean ``text`` and escape it for use inside a double-quoted markup attribute."""
    return _escape(clean(text)).replace('"', "&quot;").replace("'", "&#39;")


def paragraph_markup(text: str) -> str:
    """Escaped text with its line breaks kept as ``<br/>``."""
    return "<br/>".join(escape_text(text).split("\n"))


def shorten(text: str, limit: int) -> str:
    """``text`` cleaned (:func:`clean`), then cut as everywhere (:func:`short_text.shorten`).

    Cleaning comes first so that characters the brief drops do not count against ``limit``,
    and so that a cut title is fit for the PDF's outline and metadata as it is.
    """
    return short_text.shorten(clean(text), limit)


def chunk_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` characters.

    Paragraph breaks (blank lines) always split; within a long paragraph the cut falls on
    the last line break or space before the limit, or mid-word when there is none.
    """
    pieces: list[str] = []
    for block in re.split(r"\n\s*\n", clean(text)):
        block = block.strip()
        while len(block) > limit:
            window = block[:limit]
            cut = max(window.rfind("\n"), window.rfind(" "))
            if cut < limit // 2:
                cut = limit
            pieces.append(block[:cut].rstrip())
            block = block[cut:].lstrip()
        if block:
            pieces.append(block)
    return pieces


def safe_url(url: str) -> str | None:
    """Return ``url`` if it is fit to become a clickable link in the brief, else None.

    Only absolute ``http``/``https`` URLs with a host and without credentials pass: the
    brief must never carry ``javascript:``, ``file:``, ``pdf:`` (GoToR to a UNC share) or
    ``https://bank.example@evil.example`` style links.
    """
    url = url.strip()
    if not url or len(url) > MAX_URL_CHARS or clean(url) != url:
        return None
    if any(c.isspace() for c in url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return None
    if not _HOST_RE.match(host):
        return None
    return url


def link_markup(url: str, label_markup: str, colour: str) -> str:
    """An external link around already-escaped ``label_markup``, or just the label.

    ``colour`` is one of our own ``#rrggbb`` constants, never a value from a board.
    """
    checked = safe_url(url)
    if checked is None:
        return label_markup
    return f'<a href="{escape_attribute(checked)}" color="{colour}">{label_markup}</a>'


def anchor_name(prefix: str, item_id: str) -> str:
    """A destination name for internal links; ids are reduced to hex so they stay inert."""
    return prefix + "-" + re.sub(r"[^0-9a-f]", "", item_id.lower())[:64]
