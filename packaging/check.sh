#!/usr/bin/env bash
# Smoke-check a built app (packaging/build.sh) the way a user's machine would run it:
#
#   packaging/check.sh [APP_FOLDER]        (default dist/EvidenceBoard)
#
# - the launcher passes desktop-file-validate;
# - the frozen program runs with an empty environment (no venv, no PYTHONPATH), prints
#   the source's version, builds the demo board and writes its PDF brief with the
#   bundled DejaVu fonts embedded: proof that resources and fonts are inside; the
#   package metadata (versions for Help > About, licence files) is bundled;
# - the window starts on that board and stays up (once the checkout has the window
#   module, evidenceboard/ui/app.py): offscreen, then on X11 under Xvfb when installed,
#   where its window class must match the launcher's StartupWMClass;
# - if the release tarball is in dist/, it unpacks, install-user.sh installs it into a
#   throw-away home, and the installed command runs.
# Exits non-zero on the first failure.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
app=$(cd "${1:-dist/EvidenceBoard}" && pwd)
exe=$app/evidenceboard
started=$(date +%s)
work=$(mktemp -d)
gui_pid=""
xvfb_pid=""
cleanup() {
    if [ -n "$gui_pid" ]; then kill "$gui_pid" 2>/dev/null || true; fi
    if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
# The frozen app must not lean on anything from this shell: a bare environment with a
# throw-away home, as on a freshly installed machine. Its own TMPDIR also keeps the
# single-instance socket private, so a window of this user's EvidenceBoard that is
# open meanwhile is not handed the check's board.
bare() {
    env -i HOME="$work/home" TMPDIR="$work/tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 \
        QT_QPA_PLATFORM=offscreen "$@"
}
mkdir -p "$work/home" "$work/tmp"

echo "== desktop-file-validate"
command -v desktop-file-validate >/dev/null \
    || fail "desktop-file-validate is missing (Debian/Ubuntu: apt-get install desktop-file-utils)"
desktop-file-validate packaging/linux/org.evidenceboard.EvidenceBoard.desktop

echo "== version"
[ -x "$exe" ] || fail "$exe is missing; run packaging/build.sh first"
expected=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' evidenceboard/__init__.py)
printed=$(bare "$exe" --version)
echo "$printed"
case "$printed" in
    *"$expected"*) ;;
    *) fail "--version printed '$printed', expected $expected" ;;
esac

echo "== package metadata"
# Help > About reads versions through importlib.metadata, which needs the dist-info
# folders (where most libraries also keep their licence texts).
for dist in evidenceboard pyside6_essentials shiboken6; do
    find "$app" -maxdepth 2 -iname "$dist-*.dist-info" | grep -q . \
        || fail "the app lacks the $dist package metadata"
done

echo "== demo board and PDF brief"
bare "$exe" demo "$work/x.evboard"
bare "$exe" brief "$work/x.evboard" -o "$work/x.pdf"
[ "$(head -c 5 "$work/x.pdf")" = "%PDF-" ] || fail "the brief is not a PDF"
# reportlab names embedded TrueType subsets after the font; the names stay readable.
grep -aq "DejaVuSans" "$work/x.pdf" || fail "the brief does not embed the bundled DejaVu fonts"
echo "brief: $(wc -c <"$work/x.pdf") bytes, DejaVu fonts embedded"

# Start the window on the demo board with Qt platform $1 (and X display $2); pass if
# it is still up after 8 s without a Python traceback. Leaves it running in $gui_pid.
start_window() {
    env -i HOME="$work/home" TMPDIR="$work/tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 \
        QT_QPA_PLATFORM="$1" DISPLAY="${2-}" "$exe" "$work/x.evboard" >"$work/gui.log" 2>&1 &
    gui_pid=$!
    sleep 8
    if ! kill -0 "$gui_pid" 2>/dev/null || grep -q "Traceback" "$work/gui.log"; then
        cat "$work/gui.log" >&2
        fail "the window did not stay up on the $1 platform"
    fi
}
stop_window() {
    kill "$gui_pid"
    wait "$gui_pid" 2>/dev/null || true
    gui_pid=""
}

if [ -f evidenceboard/ui/app.py ]; then
    echo "== window (offscreen, 8 s)"
    start_window offscreen
    stop_window
    echo "window stayed up"

    # The real X11 plugin and the xcb libraries bundled for it, where Xvfb is installed.
    if command -v Xvfb >/dev/null; then
        echo "== window on X11 (Xvfb, 8 s)"
        Xvfb -displayfd 3 -screen 0 1280x800x24 3>"$work/display" >/dev/null 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 50); do
            [ -s "$work/display" ] && break
            sleep 0.1
        done
        [ -s "$work/display" ] || fail "Xvfb did not start"
        display=:$(cat "$work/display")
        start_window xcb "$display"
        if command -v xwininfo >/dev/null; then
            # Desktops group the window under the launcher by this X11 class.
            wm_class=$(sed -n 's/^StartupWMClass=//p' \
                packaging/linux/org.evidenceboard.EvidenceBoard.desktop)
            DISPLAY=$display xwininfo -root -tree | grep -q "(\"$wm_class\" " \
                || fail "no window of class $wm_class (the launcher's StartupWMClass)"
        fi
        stop_window
        echo "window stayed up on X11"
    else
        echo "(Xvfb not installed: X11 window check skipped)"
    fi
fi

tarball=$(find dist -maxdepth 1 -name 'EvidenceBoard-*-linux-*.tar.gz' | sort | tail -n 1)
if [ -n "$tarball" ]; then
    echo "== release tarball: $tarball"
    tar -xzf "$tarball" -C "$work"
    unpacked=$(find "$work" -maxdepth 1 -type d -name 'EvidenceBoard-*')
    for member in install-user.sh org.evidenceboard.EvidenceBoard.desktop \
        org.evidenceboard.EvidenceBoard.xml icons/evidenceboard-48.png EvidenceBoard/evidenceboard; do
        [ -e "$unpacked/$member" ] || fail "the tarball lacks $member"
    done
    bare sh "$unpacked/install-user.sh" >/dev/null
    installed=$work/home/.local/bin/evidenceboard
    [ -L "$installed" ] || fail "install-user.sh made no ~/.local/bin/evidenceboard"
    bare "$installed" --version >/dev/null || fail "the installed app does not run"
    desktop-file-validate \
        "$work/home/.local/share/applications/org.evidenceboard.EvidenceBoard.desktop"
    bare sh "$unpacked/install-user.sh" --uninstall >/dev/null
    [ ! -e "$installed" ] || fail "--uninstall left $installed"
    echo "installs, runs and uninstalls in a fresh home"
fi

echo "== all checks passed in $(($(date +%s) - started)) s"
