"""Linux desktop integration: the launcher and board file type in packaging/linux/, and
install-user.sh run against a throw-away home folder."""

import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
APP_ID = "org.evidenceboard.EvidenceBoard"
MIME_TYPE = "application/vnd.evidenceboard.board+sqlite3"
MIME_ICON = "application-vnd.evidenceboard.board+sqlite3"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def desktop_entry(path: Path) -> dict[str, str]:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def installed_files(data_home: Path) -> list[Path]:
    """Every file install-user.sh owns under ``data_home``."""
    icons = data_home / "icons" / "hicolor"
    files = [
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "mime" / "packages" / f"{APP_ID}.xml",
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        icons / "scalable" / "mimetypes" / f"{MIME_ICON}.svg",
    ]
    for size in SIZES:
        files.append(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
        files.append(icons / f"{size}x{size}" / "mimetypes" / f"{MIME_ICON}.png")
    return files


def run_install(script: Path, home: Path, data_home: Path, *args: str) -> str:
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(data_home),
        "XDG_BIN_HOME": str(home / ".local" / "bin"),
    }
    done = subprocess.run(
        ["sh", str(script), *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout + done.stderr


def release_layout(root: Path) -> Path:
    """The unpacked tarball's layout, with a stand-in for the frozen app."""
    root.mkdir(parents=True)
    for name in (f"{APP_ID}.desktop", f"{APP_ID}.xml", "install-user.sh"):
        shutil.copy2(LINUX / name, root / name)
    shutil.copytree(REPO / "resources" / "app", root / "icons")
    app = root / "EvidenceBoard"
    app.mkdir()
    (app / "evidenceboard").write_text('#!/bin/sh\necho "frozen $*"\n', encoding="utf-8")
    (app / "evidenceboard").chmod(0o755)
    return root / "install-user.sh"


def test_launcher_and_file_type_name_the_same_type_and_icon() -> None:
    entry = desktop_entry(LINUX / f"{APP_ID}.desktop")
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "evidenceboard %f"
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert entry["Terminal"] == "false"
    assert "Office;" in entry["Categories"]

    root = ET.parse(LINUX / f"{APP_ID}.xml").getroot()
    (mime,) = root.findall("m:mime-type", NS)
    assert mime.get("type") == MIME_TYPE
    assert mime.find("m:sub-class-of", NS).get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]
    assert mime.find("m:glob", NS).get("pattern") == "*.evboard"  # type: ignore[union-attr]
    # Both conditions must hold: the second match is nested inside the first.
    (outer,) = mime.findall("m:magic/m:match", NS)
    assert (outer.get("type"), outer.get("offset")) == ("string", "0")
    assert outer.get("value") == "SQLite format 3\\0"
    (inner,) = outer.findall("m:match", NS)
    assert (inner.get("type"), inner.get("offset"), inner.get("value")) == (
        "big32",
        "68",
        "0x45564244",
    )


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_launcher_passes_desktop_file_validate() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], capture_output=True, text=True
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_install_from_checkout_is_idempotent_and_uninstalls(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data_home = home / ".local" / "share"
    script = LINUX / "install-user.sh"
    run_install(script, home, data_home)
    expected = installed_files(data_home)
    assert [path for path in expected if not path.is_file()] == []
    # From a checkout the launcher runs the command on PATH, unchanged.
    assert desktop_entry(expected[0])["Exec"] == "evidenceboard %f"
    assert (expected[0]).read_bytes() == (LINUX / f"{APP_ID}.desktop").read_bytes()
    first = {path: path.read_bytes() for path in expected}

    run_install(script, home, data_home)
    assert {path: path.read_bytes() for path in expected} == first

    assert "removed" in run_install(script, home, data_home, "--uninstall")
    assert [path for path in expected if path.exists()] == []
    assert not (data_home / APP_ID).exists()


def test_install_from_release_copies_the_app_and_points_the_launcher_at_it(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    # Characters the launcher's Exec key must quote: a space, a quote, $ and %.
    data_home = home / 'my "case" $files 100%'
    script = release_layout(tmp_path / "EvidenceBoard-release")
    run_install(script, home, data_home)

    app = data_home / APP_ID / "app" / "evidenceboard"
    assert app.is_file() and os.access(app, os.X_OK)
    launcher = data_home / "applications" / f"{APP_ID}.desktop"
    entry = desktop_entry(launcher)
    assert entry["TryExec"] == str(app)
    assert entry["Exec"] == (
        '"' + str(app).replace('"', '\\\\"').replace("$", "\\\\$").replace("%", "%%") + '" %f'
    )
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(launcher)], check=True)

    link = home / ".local" / "bin" / "evidenceboard"
    assert link.is_symlink() and link.resolve() == app.resolve()
    assert subprocess.run([str(link), "--version"], capture_output=True, text=True).stdout == (
        "frozen --version\n"
    )

    run_install(script, home, data_home, "--uninstall")
    assert not link.exists() and not link.is_symlink()
    assert not (data_home / APP_ID).exists()
    assert [path for path in installed_files(data_home) if path.exists()] == []


def test_a_command_already_on_the_path_is_left_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data_home = home / ".local" / "share"
    own = home / ".local" / "bin" / "evidenceboard"
    own.parent.mkdir(parents=True)
    own.write_text("#!/bin/sh\necho pip-installed\n", encoding="utf-8")
    script = release_layout(tmp_path / "release")
    assert "not ours" in run_install(script, home, data_home)
    run_install(script, home, data_home, "--uninstall")
    assert own.read_text(encoding="utf-8") == "#!/bin/sh\necho pip-installed\n"


QUERY_TYPES = """
import sys
from PySide6.QtCore import QMimeDatabase
database = QMimeDatabase()
for path in sys.argv[1:]:
    print(database.mimeTypeForFile(path).name())
"""


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="no shared-mime-info")
def test_installed_type_recognises_a_board_by_content(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data_home = home / ".local" / "share"
    run_install(LINUX / "install-user.sh", home, data_home)
    assert (data_home / "mime" / "mime.cache").is_file()

    board = tmp_path / "case.evboard"
    subprocess.run(
        [sys.executable, "-m", "evidenceboard", "demo", str(board)], check=True, capture_output=True
    )
    renamed = tmp_path / "case-renamed"
    shutil.copy2(board, renamed)
    plain = tmp_path / "other-database"
    with sqlite3.connect(plain) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()

    # Qt reads the shared-mime-info cache under XDG_DATA_HOME, as file managers do.
    done = subprocess.run(
        [sys.executable, "-c", QUERY_TYPES, str(board), str(renamed), str(plain)],
        env={**os.environ, "XDG_DATA_HOME": str(data_home)},
        check=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == [MIME_TYPE, MIME_TYPE, "application/vnd.sqlite3"]
