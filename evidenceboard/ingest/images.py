"""Images (PNG, JPEG, WebP, GIF, TIFF, HEIF, AVIF) to document cards with a thumbnail.

Images are decoded in the app's process, so every guard against decompression bombs is
applied before a single pixel is decoded: Pillow opens only the allowed format
(``formats=[...]``), reads the header, and the declared width x height is checked
against :data:`MAX_PIXELS` before ``load``; Pillow's own bomb warning is turned into an
error for the duration, and a truncated file is refused rather than padded with grey.
Pillow's global ``MAX_IMAGE_PIXELS`` is left alone: other parts of the app may set it.
Whichever of its limits Pillow hits (pixels, a PNG text chunk that inflates past
``MAX_TEXT_CHUNK``), the user reads our sentence, with our limit. Every other warning
Pillow gives about a file (an invalid APNG, corrupt EXIF) is kept off stderr: the card
is the answer, and a warning per file would fill a terminal during a large import.

HEIF (iPhone photos) is read through pi-heif, the decode-only build of pillow-heif
(BSD-3; its wheels bundle libheif and libde265, LGPL, as shared libraries, and leave out
pillow-heif's GPL x265 encoder), registered with Pillow on first use so that importing
the app does not load it. libheif applies the container's rotation itself. AVIF is
Pillow's own. Dimensions are those of the picture as shown, after the EXIF orientation
(a portrait photo stored sideways is portrait).

The document date is EXIF ``DateTimeOriginal`` (when the photo was taken), falling back
to ``DateTime``; a camera clock is often wrong, so the card says which tag it came from
in its text. Dimensions go into the text too (``DocumentContent`` has no field for
them), where search finds them.
"""

import io
import re
import warnings
from pathlib import Path

from PIL import Image, ImageOps, PngImagePlugin, UnidentifiedImageError

from evidenceboard.ingest.items import THUMBNAIL_BOX, EmbeddedFile, ImportedItem, IngestError
from evidenceboard.ingest.sniffing import FileType
from evidenceboard.model.cards import CardKind
from evidenceboard.model.clock import normalize_partial_date
from evidenceboard.model.errors import InvalidValueError

#: Largest image accepted: 64 megapixels (a 9000 x 7000 photo). Decoding one needs up to
#: 256 MB for RGBA, which is the most a laptop app should spend on one thumbnail.
MAX_PIXELS = 64_000_000

_PIL_FORMATS = {
    FileType.PNG: "PNG",
    FileType.JPEG: "JPEG",
    FileType.GIF: "GIF",
    FileType.WEBP: "WEBP",
    FileType.TIFF: "TIFF",
    FileType.HEIF: "HEIF",
    FileType.AVIF: "AVIF",
}
_MEDIA_TYPES = {
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.GIF: "image/gif",
    FileType.WEBP: "image/webp",
    FileType.TIFF: "image/tiff",
    FileType.HEIF: "image/heif",
    FileType.AVIF: "image/avif",
}
# HEIF brands whose pictures are HEVC-coded: their files are "HEIC" (image/heic).
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis")
_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_DATE_TIME = 306
_EXIF_DATE = re.compile(r"^(\d{4})[:-](\d{2})[:-](\d{2})")


def exif_date(image: Image.Image) -> tuple[str, str]:
    """The partial ISO date the image was taken and the EXIF tag it came from."""
    try:
        exif = image.getexif()
        candidates = (
            ("DateTimeOriginal", exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)),
            ("DateTime", exif.get(_DATE_TIME)),
        )
    except (OSError, ValueError, SyntaxError, TypeError):
        return "", ""
    for tag, value in candidates:
        match = _EXIF_DATE.match(str(value or "").strip())
        if match is None:
            continue
        year, month, day = match.groups()
        for candidate in (f"{year}-{month}-{day}", f"{year}-{month}", year):
            try:
                if int(year) > 1800:
                    return normalize_partial_date(candidate), tag
            except InvalidValueError:
                continue
    return "", ""


def _thumbnail(image: Image.Image) -> tuple[bytes, bool]:
    """The PNG thumbnail, upright, and whether the EXIF orientation turned it a quarter."""
    if image.format == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale straight away: far less memory and time.
        image.draft("RGB", (THUMBNAIL_BOX[0] * 2, THUMBNAIL_BOX[1] * 2))
    image.load()
    stored = image.size
    small = ImageOps.exif_transpose(image)
    turned = stored[0] != stored[1] and small.size == (stored[1], stored[0])
    small.thumbnail(THUMBNAIL_BOX)
    if small.mode not in ("RGB", "RGBA", "L", "LA"):
        small = small.convert("RGBA")
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue(), turned


def _register_heif() -> None:
    import pi_heif

    # Embedded thumbnails are skipped: ours is made from the picture itself, which is
    # what the card shows as evidence (an edited photo may keep its old thumbnail).
    pi_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


def _media_type(file_type: FileType, data: bytes) -> str:
    if file_type is FileType.HEIF and data[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return _MEDIA_TYPES[file_type]


def _too_many_pixels(width: int, height: int) -> IngestError:
    return IngestError(
        f"the image declares {width:,} x {height:,} pixels, more than the "
        f"{MAX_PIXELS // 1_000_000} megapixels allowed (a decompression bomb?)"
    )


def read_image(path: Path, data: bytes, file_type: FileType) -> ImportedItem:
    """Read an image's size, date and thumbnail; refuse bombs and damaged files."""
    pil_format = _PIL_FORMATS[file_type]
    if file_type is FileType.HEIF:
        _register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise IngestError("the image has no pixels")
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                date, tag = exif_date(image)
                thumbnail, turned = _thumbnail(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            # Pillow's own limit is higher than ours; its message would quote it.
            raise IngestError(
                f"the image declares more than the {MAX_PIXELS // 1_000_000} megapixels "
                "allowed (a decompression bomb?)"
            ) from exc
        except UnidentifiedImageError as exc:
            raise IngestError(f"the file is not a readable {pil_format} image") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            if "MAX_TEXT_" in str(exc):
                limit = (
                    PngImagePlugin.MAX_TEXT_MEMORY
                    if "MAX_TEXT_MEMORY" in str(exc)
                    else PngImagePlugin.MAX_TEXT_CHUNK
                )
                raise IngestError(
                    f"the image holds text that inflates to more than {limit // 2**20} MB, "
                    "more than allowed (a decompression bomb?)"
                ) from exc
            raise IngestError(f"the image is damaged or truncated ({exc})") from exc
    if turned:
        width, height = height, width
    lines = [f"{pil_format} image, {width} x {height} pixels."]
    if date:
        lines.append(f"Taken {date} (EXIF {tag}).")
    media_type = _media_type(file_type, data)
    original = EmbeddedFile(path.name, media_type, data)
    values = {
        "file_name": path.name,
        "media_type": media_type,
        "attachment": original.sha256,
        "extracted_text": "\n".join(lines),
        "date": date,
    }
    return ImportedItem(
        source=path,
        kind=CardKind.DOCUMENT,
        title=path.stem,
        values=values,
        original=original,
        thumbnail=thumbnail,
        dimensions=(width, height),
    )
