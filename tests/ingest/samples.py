"""Test files built in memory: saved pages, archives, PDFs, images and hostile payloads.

Bombs follow reliability.md section 8. Their compressed streams are assembled from one
repeated deflate block (a full flush resets the compressor, so the block's bytes repeat
exactly) and an Adler-32 computed in closed form, so a 1.2 GB-when-inflated PNG costs
milliseconds to build instead of seconds of zlib.
"""

import io
import quopri
import struct
import zlib
from datetime import datetime
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

_ADLER = 65521
_FILES = Path(__file__).parent / "files"


def repeated_byte_zlib(byte: int, count: int, block: int = 1 << 20) -> bytes:
    """A zlib stream that inflates to ``count`` copies of ``byte``."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    whole = compressor.compress(bytes([byte]) * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(count, block)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    ending = tail.compress(bytes([byte]) * rest) + tail.flush(zlib.Z_FINISH)
    a = (1 + byte * count) % _ADLER
    b = (count + byte * (count * (count + 1) // 2)) % _ADLER
    return b"\x78\xda" + whole * blocks + ending + struct.pack(">I", (b << 16) | a)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, *chunks: bytes) -> bytes:
    """A PNG of ``width`` x ``height`` 8-bit RGB pixels: its header, ``chunks``, its end."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + b"".join(chunks) + _chunk(b"IEND", b"")


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """I1: a small PNG declaring ``width`` x ``height`` RGB pixels, all black."""
    pixels = repeated_byte_zlib(0, height * (width * 3 + 1), block=(width * 3 + 1) * 16)
    return _png(width, height, _chunk(b"IDAT", pixels))


def png_text_bomb() -> bytes:
    """An 8 x 8 PNG with a zTXt comment that inflates to 200 MB."""
    pixels = zlib.compress(b"\x00" * (8 * 3 + 1) * 8)
    comment = b"Comment\x00\x00" + repeated_byte_zlib(0x41, 200_000_000)
    return _png(8, 8, _chunk(b"zTXt", comment), _chunk(b"IDAT", pixels))


def png_with_bad_animation() -> bytes:
    """A 16 x 16 PNG whose animation control chunk counts zero frames (Pillow warns)."""
    pixels = zlib.compress(b"\x00" * (16 * 3 + 1) * 16)
    return _png(16, 16, _chunk(b"acTL", struct.pack(">II", 0, 0)), _chunk(b"IDAT", pixels))


def gif_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A 10 x 10 GIF whose logical screen claims ``width`` x ``height`` pixels."""
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    data = bytearray(out.getvalue())
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def _pdf(objects: list[bytes], trailer: bytes = b"/Root 1 0 R") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def pdf_flate_bomb(inflated: int = 300_000_000) -> bytes:
    """D1: a one-page PDF whose content stream inflates to ``inflated`` spaces."""
    stream = repeated_byte_zlib(0x20, inflated)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def pdf_page_tree_loop() -> bytes:
    """D3: a page tree whose only kid is itself."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
        ]
    )


_HELLO = b"BT /F1 12 Tf 72 700 Td (Minutes of the harbour board) Tj ET"
_HELLO_OBJECTS = [
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(_HELLO) + _HELLO + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def pdf_with_odd_page_tree(kind: str) -> bytes:
    """A one-page PDF ("Minutes of the harbour board") that PDFium refuses, pypdf reads.

    ``null_kid``: the page tree lists ``null`` before the page; ``missing_kid``: it lists
    an object that does not exist; ``root_is_pages``: the trailer's /Root points at the
    page tree instead of the catalog.
    """
    if kind == "null_kid":
        return _pdf([_CATALOG, b"<< /Type /Pages /Kids [null 3 0 R] /Count 1 >>", *_HELLO_OBJECTS])
    if kind == "missing_kid":
        return _pdf([_CATALOG, b"<< /Type /Pages /Kids [9 0 R 3 0 R] /Count 2 >>", *_HELLO_OBJECTS])
    if kind == "root_is_pages":
        return _pdf([_CATALOG, _PAGES, *_HELLO_OBJECTS], trailer=b"/Root 2 0 R")
    raise ValueError(kind)


def pdf_with_broken_info() -> bytes:
    """A readable PDF whose Info /Title holds a lone UTF-16 surrogate; the rest is fine."""
    info = b"<< /Title <FEFFD80000410042> /Author (Jane Roe) /CreationDate (D:20230102) >>"
    return _pdf([_CATALOG, _PAGES, *_HELLO_OBJECTS, info], trailer=b"/Root 1 0 R /Info 6 0 R")


def report_pdf(pages: list[str], *, title: str | None = None, author: str | None = None) -> bytes:
    """A PDF made with reportlab, one line of text per page."""
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=A4, invariant=True)
    if title is not None:
        drawing.setTitle(title)
    if author is not None:
        drawing.setAuthor(author)
    for text in pages:
        y = 780.0
        for line in text.splitlines():
            drawing.drawString(72, y, line)
            y -= 16
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def image_bytes(
    file_format: str,
    size: tuple[int, int] = (64, 48),
    *,
    taken: datetime | None = None,
    orientation: int | None = None,
) -> bytes:
    """An image in ``file_format`` (PNG, JPEG, WEBP, GIF, TIFF, HEIF, AVIF).

    With EXIF dates if ``taken``, and the EXIF ``orientation`` if given (6: the camera
    was turned a quarter clockwise, so the stored landscape picture shows as portrait).
    HEIF cannot be written here (the app reads it only): an 800 x 600 file is taken from
    ``files/``, see :func:`heif_bytes`.
    """
    if file_format == "HEIF":
        if size != (800, 600) or taken is not None or orientation not in (None, 6):
            raise ValueError("only the stored 800 x 600 HEIF files exist")
        return heif_bytes(sideways=orientation == 6)
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif[306] = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(0x8769)[36867] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if orientation is not None:
        exif[0x0112] = orientation
    if len(exif) or exif.get_ifd(0x8769):
        image.save(out, format=file_format, exif=exif.tobytes())
    else:
        image.save(out, format=file_format)
    return out.getvalue()


def heif_bytes(*, sideways: bool = False) -> bytes:
    """A stored 800 x 600 red HEIC photo, taken 2024-03-05 (EXIF DateTime).

    ``sideways``: the same picture stored with a quarter-turn (``irot``) so that it shows
    as 600 x 800, as a phone held upright writes it. Made for these tests with
    pillow-heif 1.8.1 (libheif 1.23, x265); the files are ours, under the project's
    licence.
    """
    name = "portrait-stored-sideways.heic" if sideways else "landscape.heic"
    return (_FILES / name).read_bytes()


ARTICLE_BODY = (
    "The port authority signed the dredging contract with Marlin Holdings in March, "
    "according to documents seen by reporters. "
) * 8


def article_html(
    *,
    title: str = "Port deal signed in secret",
    site: str = "Hürriyet",
    author: str = "Ayşe Y\u0131lmaz",
    published: str = "2024-03-05T10:00:00+03:00",
    canonical: str | None = "https://www.hurriyet.com.tr/gundem/port-deal-42",
    og_url: str | None = None,
    saved_from: str | None = None,
    lang: str = "tr",
    extra_body: str = "",
) -> str:
    """A saved news page with navigation, an advert, a script and metadata."""
    head = [f"<title>{title} - {site}</title>", f'<meta property="og:site_name" content="{site}">']
    if author:
        head.append(f'<meta name="author" content="{author}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if og_url:
        head.append(f'<meta property="og:url" content="{og_url}">')
    comment = f"<!-- saved from url=({len(saved_from):04d}){saved_from} -->\n" if saved_from else ""
    return (
        f'{comment}<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        + "".join(head)
        + "</head><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a> Menu</nav>"
        + f"<div class='advert'>BUY CHEAP WATCHES NOW</div><article><h1>{title}</h1>"
        + f"<p>{ARTICLE_BODY}</p><p>The minister declined to comment on the deal.</p>"
        + f"{extra_body}</article><script>document.write('injected script text')</script>"
        + "<footer>Copyright footer text</footer></body></html>"
    )


def mhtml_archive(
    html: str, *, location: str = "https://example.org/news/story", date: str = ""
) -> bytes:
    """A single-file web archive as Chrome writes it, with the page and one image."""
    boundary = "----MultipartBoundary--abc123"
    date_line = f"Date: {date}\r\n" if date else ""
    parts = [
        "From: <Saved by Blink>\r\n",
        f"Snapshot-Content-Location: {location}\r\n",
        "Subject: Saved page\r\n",
        date_line,
        "MIME-Version: 1.0\r\n",
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n',
        "\r\n",
        f"--{boundary}\r\n",
        "Content-Type: text/html\r\n",
        f"Content-ID: <frame-1@mhtml.blink>\r\nContent-Location: {location}\r\n",
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
    ]
    encoded = quopri.encodestring(html.encode("utf-8")).decode("ascii").replace("\n", "\r\n")
    parts += [encoded, f"\r\n--{boundary}\r\n", "Content-Type: image/png\r\n"]
    parts += ["Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n", f"--{boundary}--\r\n"]
    return "".join(parts).encode("ascii")


def write_file(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a file named ``name`` in ``folder``; its path."""
    path = folder / name
    path.write_bytes(data)
    return path


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each named file into ``folder``; their paths, in the order given."""
    return [write_file(folder, name, data) for name, data in files.items()]
