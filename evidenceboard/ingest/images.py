"""Images (PNG, JPEG, WebP, GIF) to document cards with a thumbnail and the EXIF date.

Images are decoded in the app's process, so every guard against decompression bombs is
applied before a single pixel is decoded: Pillow opens only the four allowed formats
(``formats=[...]``), reads the header, and the declared width x height is checked
against :data:`MAX_PIXELS` before ``load``; Pillow's own bomb warning is turned into an
error for the duration, and a truncated file is refused rather than padded with grey.
Pillow's global ``MAX_IMAGE_PIXELS`` is left alone: other parts of the app may set it.

The document date is EXIF ``DateTimeOriginal`` (when the photo was taken), falling back
to ``DateTime``; a camera clock is often wrong, so the card says which tag it came from
in its text. Dimensions go into the text too (``DocumentContent`` has no field for
them), where search finds them.
"""

import io
import re
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

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
}
_MEDIA_TYPES = {
    FileType.PNG: "image/png",
    FileType.JPEG: "image/jpeg",
    FileType.GIF: "image/gif",
    FileType.WEBP: "image/webp",
}
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


def _thumbnail(image: Image.Image) -> bytes:
    if image.format == "JPEG":
        # Decode at 1/2, 1/4 or 1/8 scale straight away: far less memory and time.
        image.draft("RGB", (THUMBNAIL_BOX[0] * 2, THUMBNAIL_BOX[1] * 2))
    image.load()
    small = ImageOps.exif_transpose(image)
    small.thumbnail(THUMBNAIL_BOX)
    if small.mode not in ("RGB", "RGBA", "L", "LA"):
        small = small.convert("RGBA")
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def read_image(path: Path, data: bytes, file_type: FileType) -> ImportedItem:
    """Read an image's size, date and thumbnail; refuse bombs and damaged files."""
    pil_format = _PIL_FORMATS[file_type]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pil_format]) as image:
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise IngestError("the image has no pixels")
                if width * height > MAX_PIXELS:
                    raise IngestError(
                        f"the image declares {width:,} x {height:,} pixels, more than the "
                        f"{MAX_PIXELS // 1_000_000} megapixels allowed (a decompression bomb?)"
                    )
                date, tag = exif_date(image)
                thumbnail = _thumbnail(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise IngestError(f"the image is too large to open safely ({exc})") from exc
        except UnidentifiedImageError as exc:
            raise IngestError(f"the file is not a readable {pil_format} image") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise IngestError(f"the image is damaged or truncated ({exc})") from exc
    lines = [f"{pil_format} image, {width} x {height} pixels."]
    if date:
        lines.append(f"Taken {date} (EXIF {tag}).")
    original = EmbeddedFile(path.name, _MEDIA_TYPES[file_type], data)
    values = {
        "file_name": path.name,
        "media_type": _MEDIA_TYPES[file_type],
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
