"""Images become document cards with a thumbnail, dimensions and the EXIF date."""

import io
import warnings
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from evidenceboard.ingest import IngestError, read_file
from evidenceboard.model.cards import CardKind
from tests.ingest.samples import (
    gif_bomb,
    image_bytes,
    png_bomb,
    png_text_bomb,
    png_with_bad_animation,
    write_file,
)


@pytest.mark.parametrize(
    ("file_format", "name", "media_type"),
    [
        ("PNG", "shot.png", "image/png"),
        ("JPEG", "photo.jpg", "image/jpeg"),
        ("WEBP", "frame.webp", "image/webp"),
        ("GIF", "anim.gif", "image/gif"),
        ("TIFF", "scan.tif", "image/tiff"),
        ("HEIF", "IMG_2041.HEIC", "image/heic"),
        ("AVIF", "frame.avif", "image/avif"),
    ],
)
def test_image_gives_document_with_thumbnail(
    tmp_path: Path, file_format: str, name: str, media_type: str
) -> None:
    data = image_bytes(file_format, (800, 600))
    item = read_file(write_file(tmp_path, name, data))

    assert item.kind is CardKind.DOCUMENT
    assert item.title == Path(name).stem
    assert item.values["media_type"] == media_type
    assert item.dimensions == (800, 600)
    assert "800 x 600 pixels" in item.values["extracted_text"]
    assert item.original is not None and item.original.data == data
    assert item.thumbnail is not None
    thumb = Image.open(io.BytesIO(item.thumbnail), formats=["PNG"])
    assert thumb.size == (320, 240)
    assert [f.media_type for f in item.files()] == [media_type, "image/png"]


def test_exif_date_taken_becomes_the_document_date(tmp_path: Path) -> None:
    data = image_bytes("JPEG", taken=datetime(2023, 11, 2, 14, 5, 9))
    item = read_file(write_file(tmp_path, "IMG_0001.JPG", data))
    assert item.values["date"] == "2023-11-02"
    assert "EXIF DateTimeOriginal" in item.values["extracted_text"]


def test_image_without_exif_has_no_date(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "plain.png", image_bytes("PNG")))
    assert item.values["date"] == ""


def test_content_decides_the_format_not_the_name(tmp_path: Path) -> None:
    item = read_file(write_file(tmp_path, "really-a-png.jpg", image_bytes("PNG")))
    assert item.values["media_type"] == "image/png"


def test_png_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"too large|megapixels"):
        read_file(write_file(tmp_path, "bomb.png", png_bomb()))


def test_image_over_our_pixel_limit_is_refused(tmp_path: Path) -> None:
    # 72 megapixels: under Pillow's own warning threshold, over ours.
    with pytest.raises(IngestError, match="decompression bomb"):
        read_file(write_file(tmp_path, "wide.png", png_bomb(9_000, 8_000)))


def test_truncated_image_is_refused(tmp_path: Path) -> None:
    data = image_bytes("JPEG", (400, 300))
    with pytest.raises(IngestError, match="damaged or truncated"):
        read_file(write_file(tmp_path, "cut.jpg", data[: len(data) // 2]))


def test_text_named_png_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"named \.png but is not a PNG image"):
        read_file(write_file(tmp_path, "x.png", b"<html><body>hi</body></html>"))


@pytest.mark.parametrize("file_format", ["JPEG", "TIFF", "HEIF", "WEBP"])
def test_portrait_photo_stored_sideways_is_portrait(tmp_path: Path, file_format: str) -> None:
    # The sensor stored 800 x 600; EXIF orientation 6 says the camera was held upright.
    data = image_bytes(file_format, (800, 600), orientation=6)
    item = read_file(write_file(tmp_path, f"portrait.{file_format.lower()}", data))
    assert item.dimensions == (600, 800)
    assert "600 x 800 pixels" in item.values["extracted_text"]
    assert item.thumbnail is not None
    assert Image.open(io.BytesIO(item.thumbnail), formats=["PNG"]).size == (240, 320)


def test_png_text_chunk_bomb_is_called_a_bomb_not_damage(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="holds text that inflates to more than 1 MB") as caught:
        read_file(write_file(tmp_path, "comment.png", png_text_bomb()))
    assert "damaged" not in str(caught.value)
    assert "MAX_TEXT" not in str(caught.value)


def test_gif_bomb_message_gives_our_limit_not_pillows(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="more than the 64 megapixels allowed") as caught:
        read_file(write_file(tmp_path, "screen.gif", gif_bomb()))
    assert "178956970" not in str(caught.value)


def test_pillow_warnings_stay_off_stderr(tmp_path: Path) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        item = read_file(write_file(tmp_path, "frames.png", png_with_bad_animation()))
    assert item.dimensions == (16, 16)
    assert [str(w.message) for w in caught] == []
