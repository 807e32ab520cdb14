#!/usr/bin/env bash
# Build the self-contained Linux app and its release tarball:
#
#   packaging/build.sh [--reuse-venv]
#
# 1. Creates a clean virtual environment in build/packaging-venv from this checkout
#    (`pip install . pyinstaller`), so nothing from a developer's environment (test
#    tools, an editable install, the full PySide6) ends up in the app. --reuse-venv
#    keeps an existing one, for quicker rebuilds while working on the spec.
# 2. Runs PyInstaller on packaging/evidenceboard.spec into dist/EvidenceBoard/.
# 3. Packs dist/EvidenceBoard-<version>-linux-<arch>.tar.gz: the app folder, the
#    launcher, the board file type, the icons and install-user.sh.
#
# PYTHON picks the interpreter (default python3, 3.11 or newer). To build offline, point
# pip at a wheelhouse: PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/wheels packaging/build.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
python=${PYTHON:-python3}
venv=build/packaging-venv
reuse=no
case "${1-}" in
    "") ;;
    --reuse-venv) reuse=yes ;;
    *) echo "usage: $0 [--reuse-venv]" >&2; exit 2 ;;
esac

started=$(date +%s)
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "error: $python is older than Python 3.11" >&2; exit 1; }

if [ "$reuse" = no ] || [ ! -x "$venv/bin/python" ]; then
    echo "== clean build environment in $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
# Not editable: the app must be built from an installed copy, as users would get it.
"$venv/bin/python" -m pip install --quiet --upgrade . "pyinstaller>=6.10"

# The spec refuses a PySide6 from elsewhere too; saying so here names the cause early.
"$venv/bin/python" - "$venv" <<'EOF'
import sys
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import PySide6

venv = Path(sys.argv[1]).resolve()
if not Path(PySide6.__file__).resolve().is_relative_to(venv):
    sys.exit(f"error: PySide6 is imported from {PySide6.__file__}, not from {venv}")
for name in ("PySide6", "PySide6-Addons"):
    try:
        distribution(name)
    except PackageNotFoundError:
        continue
    sys.exit(f"error: {name} is installed in {venv}; the app needs PySide6-Essentials only")
print(f"PySide6 {PySide6.__version__} (Essentials) from {venv}")
EOF
version=$("$venv/bin/python" -c 'import evidenceboard; print(evidenceboard.__version__)')
venv_ready=$(date +%s)

echo "== PyInstaller"
rm -rf dist/EvidenceBoard
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/evidenceboard.spec
frozen=$(date +%s)

# Qt's X11 plugin needs a dozen libxcb-* libraries that minimal desktops (and Ubuntu
# before 24.04: libxcb-cursor0) lack; PyInstaller bundles those it finds here. A build
# machine without them would ship an app that says "could not load the Qt platform
# plugin xcb" on such desktops, so refuse to go on.
qt=dist/EvidenceBoard/_internal/PySide6/Qt
missing=$(LD_LIBRARY_PATH=dist/EvidenceBoard/_internal ldd "$qt/plugins/platforms/libqxcb.so" \
    "$qt/lib/libQt6XcbQpa.so.6" | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
    echo "error: the build machine lacks libraries Qt's X11 plugin needs: $missing" >&2
    echo "Debian/Ubuntu: apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" \
        "libxcb-image0 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0" >&2
    exit 1
fi

echo "== release tarball"
release=EvidenceBoard-$version-linux-$(uname -m)
stage=build/release/$release
rm -rf "$stage"
mkdir -p "$stage/icons"
cp -R dist/EvidenceBoard "$stage/EvidenceBoard"
cp packaging/linux/install-user.sh packaging/linux/org.evidenceboard.EvidenceBoard.desktop \
    packaging/linux/org.evidenceboard.EvidenceBoard.xml "$stage/"
cp resources/app/*.svg resources/app/*.png "$stage/icons/"
# Fixed order and owner, so the same app folder gives the same archive listing.
tar --sort=name --owner=0 --group=0 --numeric-owner -czf "dist/$release.tar.gz" \
    -C build/release "$release"
finished=$(date +%s)

echo "== built EvidenceBoard $version"
echo "app folder: dist/EvidenceBoard ($(du -sh dist/EvidenceBoard | cut -f1))"
echo "tarball:    dist/$release.tar.gz ($(du -h "dist/$release.tar.gz" | cut -f1))"
echo "time:       environment $((venv_ready - started)) s," \
    "PyInstaller $((frozen - venv_ready)) s, tarball $((finished - frozen)) s," \
    "total $((finished - started)) s"
