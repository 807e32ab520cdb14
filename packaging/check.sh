#!/usr/bin/env bash
# Smoke-check a built app (packaging/build.sh) the way a user's machine would run it:
#
#   packaging/check.sh [APP_FOLDER]        (default dist/EvidenceBoard)
#
# - the launcher passes desktop-file-validate;
# - the app folder stays within its size budget (EVIDENCEBOARD_MAX_APP_MB, 178 MB);
# - the frozen program runs with an empty environment (no venv, no PYTHONPATH), prints
#   the source's version, builds the demo board and writes its PDF brief with the
#   bundled DejaVu fonts embedded: proof that resources and fonts are inside; the
#   package metadata (versions for Help > About, licence files) is bundled;
# - list and render work, and importing a PDF, a saved web page (with its date read
#   from the markup), JPEG, WebP, GIF, HEIF and PNG images gives one card each, then
#   a brief: proof that ingest's libraries and their data files are inside;
# - the window starts on that board and stays up (once the checkout has the window
#   module, evidenceboard/ui/window/application.py): offscreen, then on X11 under Xvfb when installed,
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

echo "== size"
# docs/performance.md ("App size") has what each reduction in the spec buys. A build
# that silently lost one (no strip or no C compiler on the build machine, a new
# dependency that pulls in a large library) fails here rather than ship.
budget=${EVIDENCEBOARD_MAX_APP_MB:-178}
size=$(du -sm "$app" | cut -f1)
echo "app folder: $size MB (budget $budget MB)"
[ "$size" -le "$budget" ] || fail "the app folder is $size MB, over its budget of $budget MB"

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

echo "== frozen CLI: list, render, import of a PDF, a web page and images"
# The spec leaves out much of what ingest's libraries ship (lxml, trafilatura and its
# date and URL helpers, Pillow's codecs, OpenSSL) and of Qt (plugins, ICU data); one
# file of each kind proves that what they need at run time is still inside.
listed=$(bare "$exe" list "$work/x.evboard" | wc -l)
[ "$listed" -ge 12 ] || fail "list printed $listed lines, expected the demo's 12 cards"
bare "$exe" render "$work/x.evboard" -o "$work/board.png" >/dev/null
[ "$(head -c 4 "$work/board.png" | tail -c 3)" = "PNG" ] || fail "render wrote no PNG"
cat >"$work/page.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flight records released</title>
<meta property="article:published_time" content="2024-12-09T10:00:00Z">
<meta name="author" content="Jane Reporter">
<link rel="canonical" href="https://news.example.org/flight-records"></head>
<body><nav>Home | World</nav><article><h1>Flight records released</h1>
<p>The aviation authority released the flight records on Monday. They show that the
aircraft left the capital shortly after midnight and flew north with its transponder
switched off for most of the journey.</p>
<p>Two officials who saw the records independently confirmed the departure time, and
satellite images taken the next morning show the aircraft at the northern air base.</p>
</article></body></html>
EOF
# 24 x 16 pixel images, one per format the importer decodes with Pillow besides PNG.
base64 -d >"$work/photo.jpg" <<'EOF'
/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+
MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09P
T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAQABgDASIAAhEBAxEB/8QAHwAAAQUBAQEB
AQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKB
kaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1
dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl
5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcF
BAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5
OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0
tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDn7m5+z7fk
3bs98U22u/PkKbNuBnOc0Xlu8+zYVG3Oc020tXglLOVIK44NbQhg/qd3/E16vv8Adse7KWK+tWXwfLsW6KKK
8o9E/9k=
EOF
base64 -d >"$work/photo.webp" <<'EOF'
UklGRnYAAABXRUJQVlA4IGoAAAAQBACdASoYABAAPtFUo0uoJKMhsAgBABoJbACsF8AXMlkooGMgSXCaMAD+
nKnhTRr9T6zLYP9Y6/TLecNbpk37adx0wMuOOzBKwLfr8f+0oR5VIbv2/IfLMdWfnfGsNOw0UR3MXXkhsAAA
EOF
base64 -d >"$work/photo.gif" <<'EOF'
R0lGODdhGAAQAIEAAMgoKBQUyAAAAAAAACwAAAAAGAAQAEAIOAABCBxIsKDBgwESKlR4sOHChw0RPmQYsaJF
hxMTXhyYUePGjyBDirTYMQDIkic7psw4sqVLgQEBADs=
EOF
# An iPhone photo (tests/ingest/files/landscape.heic), decoded by pi-heif's libheif.
base64 -d >"$work/photo.heic" <<'EOF'
AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAZdtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAA
AAAAAAAAAAAAAAAAADRpbG9jAAAAAERAAAIAAQAAAAABuwABAAAAAAAAANMAAgAAAAACjgABAAAAAAAAADgA
AAA4aWluZgAAAAAAAgAAABVpbmZlAgAAAAABAABodmMxAAAAABVpbmZlAgAAAQACAABFeGlmAAAAAA5waXRt
AAAAAAABAAAA1mlwcnAAAAC3aXBjbwAAAHhodmNDAQNwAAAAkAAAAAAAWvAA/P34+AAADwNgAAEAGEABDAH/
/wNwAAADAJAAAAMAAAMAWroCQGEAAQArQgEBA3AAAAMAkAAAAwAAAwBaoAZCAJZZbqSSmubgIaDAgAAADIAA
AAMAhGIAAQAHRAHBcrBiQAAAABNjb2xybmNseAABAA0ABoAAAAAUaXNwZQAAAAAAAAMgAAACWAAAABBwaXhp
AAAAAAMICAgAAAAXaXBtYQAAAAAAAAABAAEEgQIDBAAAABppcmVmAAAAAAAAAA5jZHNjAAIAAQABAAABE21k
YXQAAADPKAGvGRRokTzzjjDDIPd8hTf/9/jH/X2r/ikFeKz/LGyjzqAcIXoxAAADAAADABgwprc6gHqFaPIA
AAMAAAMAAArokwWo4AAAAwAAAwAAAwABRYcAAAMAAAMAAAMAAAMAEPAAAAMAAAMAAAMAAAMACpgAAAMAAAMA
AAMAAAMA4YAAAAMAAAMAAAMAAAYUAAADAAADAAADAAARcAAAAwAAAwAAAwAAIuAAAAMAAAMAAAMAAAMAAAMA
AAMAAAMAAAMAAAMAAAMAAAMAAAMAABvQAAAABkV4aWYAAE1NACoAAAAIAAEBMgACAAAAFAAAABoAAAAAMjAy
NDowMzowNSAwOTo0MTowMAA=
EOF
if ! bare "$exe" import --json "$work/x.evboard" "$work/x.pdf" "$work/page.html" \
    "$work/photo.jpg" "$work/photo.webp" "$work/photo.gif" "$work/photo.heic" \
    "$work/board.png" >"$work/import.json" \
    || [ "$(grep -c '"card_id"' "$work/import.json")" -ne 7 ]; then
    cat "$work/import.json" >&2
    fail "importing a PDF, a web page and images did not give seven cards"
fi
# The page's own publication date: htmldate still finds dates in markup.
bare "$exe" list --kind article "$work/x.evboard" | grep "Flight records released" \
    | grep -q "2024-12-09" || fail "the web page's publication date was not read"
bare "$exe" brief "$work/x.evboard" -o "$work/with-imports.pdf"
[ "$(head -c 5 "$work/with-imports.pdf")" = "%PDF-" ] || fail "no brief after the imports"
echo "imported 7 files; list, render and brief work"

echo "== the PostgreSQL driver for team boards"
# No server here: a refused connection (not a missing driver) proves psycopg, its libpq
# and SQLAlchemy's dialect are inside.
team_out=$(bare "$exe" team init "postgresql://nobody@/none?host=$work/no-socket" 2>&1 || true)
case "$team_out" in
    *psycopg*lacks* | *"No module named"*) fail "the team driver is missing: $team_out" ;;
esac
echo "team init without a server: ${team_out%%$'\n'*}"

echo "== a signed brief with its manifest"
# pyHanko, cryptography and what they import at run time (tzlocal, aiohttp) are inside:
# a throw-away certificate made with the build environment's Python (cryptography is an
# app dependency; else the checkout's .venv) signs a brief.
check_python=$repo/build/packaging-venv/bin/python
[ -x "$check_python" ] || check_python=$repo/.venv/bin/python
"$check_python" - "$work/signer.p12" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EvidenceBoard check")])
now = datetime.datetime.now(datetime.timezone.utc)
cert = (
    x509.CertificateBuilder().subject_name(name).issuer_name(name)
    .public_key(key.public_key()).serial_number(x509.random_serial_number())
    .not_valid_before(now - datetime.timedelta(days=1))
    .not_valid_after(now + datetime.timedelta(days=7)).sign(key, hashes.SHA256())
)
data = pkcs12.serialize_key_and_certificates(
    b"check", key, cert, None, serialization.BestAvailableEncryption(b"check-password")
)
open(sys.argv[1], "wb").write(data)
PY
env -i HOME="$work/home" TMPDIR="$work/tmp" PATH=/usr/bin:/bin LANG=C.UTF-8 \
    EVIDENCEBOARD_SIGN_PASSWORD=check-password \
    "$exe" brief "$work/x.evboard" -o "$work/signed.pdf" --sign "$work/signer.p12" --manifest
if command -v pdfsig >/dev/null; then
    pdfsig "$work/signed.pdf" | grep -q "Signature is Valid" || fail "the brief's signature is not valid"
    echo "signed brief: pdfsig finds the signature valid"
else
    grep -aq "/ByteRange" "$work/signed.pdf" || fail "the brief carries no signature"
    echo "signed brief: a signature is present (no pdfsig to validate it)"
fi

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

if [ -f evidenceboard/ui/window/application.py ]; then
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
