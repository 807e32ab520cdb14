"""Render the application and board-file icons from their SVG sources.

    python packaging/make_icons.py [--out DIR]

Reads ``resources/app/evidenceboard.svg`` (the application) and
``resources/app/evidenceboard-board.svg`` (a board file, for file managers) and writes,
beside them or into ``--out``:

- ``<name>-<size>.png`` at 16, 24, 32, 48, 64, 128, 256 and 512 px, for the Linux
  hicolor icon theme and the window icon;
- ``<name>.ico`` (16-256 px), for the Windows executable and file association;
- ``<name>.icns`` (16-1024 px), for the macOS bundle and document type.

Qt's own SVG renderer draws every size from the vector source (rather than scaling one
big bitmap), so 16 px stays sharp and the icons match what the app draws at run time.
ICO and ICNS are written here with ``struct``: both are a small index of PNG images,
which Windows Vista+ and macOS 10.7+ read. Pillow's ICNS writer leaves out the 16 and
32 px slots (``icp4``/``icp5``) that Finder uses in list view, and writing the two
containers directly needs no extra dependency. The generated files are committed; run
this again after editing an SVG.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

# Render without a display; must be set before Qt is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO / "resources" / "app"
NAMES = ("evidenceboard", "evidenceboard-board")
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows shows at most 256 px from an ICO; 24 and 64 serve 150 % and 200 % scaling.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, and the pixel size of each (the @2x "Retina"
# slots ic11-ic14 and ic10 repeat a size under another name, as iconutil writes them).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn into a ``size`` x ``size`` transparent image, encoded as PNG."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.12 accepts only a str format here, while its stubs declare bytes.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise RuntimeError(f"Qt could not encode the {size} px render as PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding the given PNG images (size -> data), smallest first."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries = b""
    for size in sizes:
        # Width and height 0 mean 256; colour count 0 and 32 bits per pixel for PNG data.
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(pngs[size]), offset)
        offset += len(pngs[size])
    return header + entries + b"".join(pngs[size] for size in sizes)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file with every element of ``ICNS_TYPES`` (big-endian lengths include headers)."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(name: str, source_dir: Path, out_dir: Path) -> list[Path]:
    """Write the PNG, ICO and ICNS files for ``source_dir/<name>.svg``; return their paths."""
    svg = source_dir / f"{name}.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG that Qt can render")
    every_size = {*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)}
    pngs = {size: render_png(renderer, size) for size in sorted(every_size)}
    written: list[Path] = []
    for size in PNG_SIZES:
        written.append(out_dir / f"{name}-{size}.png")
        written[-1].write_bytes(pngs[size])
    written.append(out_dir / f"{name}.ico")
    written[-1].write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    written.append(out_dir / f"{name}.icns")
    written[-1].write_bytes(icns_bytes(pngs))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render the EvidenceBoard icons from SVG.")
    parser.add_argument(
        "--out",
        type=Path,
        default=SOURCE_DIR,
        help="folder to write into (default: beside the SVGs)",
    )
    args = parser.parse_args(argv)
    out_dir: Path = args.out
    out_dir.mkdir(parents=True, exist_ok=True)
    # QSvgRenderer and QPainter need a GUI application object to exist.
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for name in NAMES:
        for path in make_icons(name, SOURCE_DIR, out_dir):
            print(path)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
