"""The committed application icons: every size present, containers well formed, and
the bitmaps still match their SVG sources (``packaging/make_icons.py``)."""

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
APP_ICONS = REPO / "resources" / "app"
NAMES = ("evidenceboard", "evidenceboard-board")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SLOTS = {
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, which always comes first."""
    assert data.startswith(PNG_SIGNATURE)
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("size", PNG_SIZES)
def test_each_png_has_its_size(name: str, size: int) -> None:
    assert png_size((APP_ICONS / f"{name}-{size}.png").read_bytes()) == (size, size)


@pytest.mark.parametrize("name", NAMES)
def test_ico_holds_every_windows_size(name: str) -> None:
    data = (APP_ICONS / f"{name}.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    sizes = []
    for index in range(count):
        width, height, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        image = data[offset : offset + length]
        assert len(image) == length
        side = width or 256
        assert (side, height or 256) == png_size(image)
        sizes.append(side)
    assert sorted(sizes) == list(ICO_SIZES)


@pytest.mark.parametrize("name", NAMES)
def test_icns_holds_every_mac_slot(name: str) -> None:
    data = (APP_ICONS / f"{name}.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    position = 8
    while position < len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack(">I", data[position + 4 : position + 8])
        found[kind] = png_size(data[position + 8 : position + length])[0]
        position += length
    assert position == len(data)
    assert found == ICNS_SLOTS


def _pixels(path: Path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGBA8888)
    assert not image.isNull(), path
    view = np.frombuffer(bytes(image.constBits()), dtype=np.uint8)
    return view.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]


def test_bitmaps_match_their_svg_sources(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "packaging" / "make_icons.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in NAMES:
        for size in PNG_SIZES:
            fresh = _pixels(tmp_path / f"{name}-{size}.png").astype(np.int16)
            committed = _pixels(APP_ICONS / f"{name}-{size}.png").astype(np.int16)
            # A newer Qt may anti-alias an edge a shade differently; an edited SVG moves
            # whole shapes. Rerun packaging/make_icons.py when this fails.
            assert np.abs(fresh - committed).max() <= 24, f"{name}-{size}.png is stale"
