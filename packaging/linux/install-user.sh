#!/bin/sh
# Install (or with --uninstall, remove) EvidenceBoard for the current user only: the
# launcher, the board file type (*.evboard, also recognised by content when renamed)
# and the icons, under ~/.local/share (XDG_DATA_HOME). No root, nothing outside $HOME.
#
# Run from the unpacked release tarball, it also copies the self-contained app folder
# (EvidenceBoard/) to $XDG_DATA_HOME/org.evidenceboard.EvidenceBoard/app, points the
# launcher at it and links ~/.local/bin/evidenceboard for the terminal. Run from a source
# checkout (packaging/linux/), it installs the desktop integration only and the launcher
# runs the `evidenceboard` command found on PATH (e.g. a pip install).
#
# Running it again upgrades in place; it never touches boards or settings.
set -eu

APP_ID=org.evidenceboard.EvidenceBoard
# Icon themes name the icon of application/vnd.evidenceboard.board+sqlite3 after the
# type, with "/" replaced by "-".
MIME_ICON=application-vnd.evidenceboard.board+sqlite3
SIZES="16 24 32 48 64 128 256 512"

usage() {
    echo "usage: $0 [--uninstall]"
    echo "Installs EvidenceBoard for this user under \${XDG_DATA_HOME:-~/.local/share}."
}

action=do_install
case "${1-}" in
    "") ;;
    --uninstall) action=do_uninstall ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
bin_home=${XDG_BIN_HOME:-$HOME/.local/bin}
app_home=$data_home/$APP_ID/app
desktop_file=$data_home/applications/$APP_ID.desktop
mime_file=$data_home/mime/packages/$APP_ID.xml
icon_root=$data_home/icons/hicolor
cli_link=$bin_home/evidenceboard

# The release tarball keeps the icons in icons/; a checkout keeps them in resources/app.
if [ -d "$here/icons" ]; then
    icon_src=$here/icons
else
    icon_src=$here/../../resources/app
fi

# Rebuild the caches that file managers and menus read, for each tool that is present.
refresh_caches() {
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data_home/mime" ]; then
        update-mime-database "$data_home/mime"
    fi
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data_home/applications" ]; then
        update-desktop-database -q "$data_home/applications"
    fi
    if [ -d "$icon_root" ]; then
        # Only refresh a cache that already exists: a new one would hide icons that other
        # programs later copy here without refreshing it. Touching the folder tells
        # running desktops to rescan.
        if [ -f "$icon_root/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache -q -f -t "$icon_root"
        fi
        touch "$icon_root"
    fi
}

# A value for the Exec key: one double-quoted argument, with the characters the
# Desktop Entry spec reserves inside quotes escaped, then backslashes doubled for the
# string level, and % doubled so it is not read as a field code.
exec_quote() {
    printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g' -e 's/^/"/' -e 's/$/"/'
}

do_uninstall() {
    rm -f "$desktop_file" "$mime_file"
    for size in $SIZES; do
        rm -f "$icon_root/${size}x$size/apps/$APP_ID.png" "$icon_root/${size}x$size/mimetypes/$MIME_ICON.png"
    done
    rm -f "$icon_root/scalable/apps/$APP_ID.svg" "$icon_root/scalable/mimetypes/$MIME_ICON.svg"
    # Remove the terminal link only if it is ours, never a pip-installed command.
    if [ -L "$cli_link" ] && [ "$(readlink "$cli_link")" = "$app_home/evidenceboard" ]; then
        rm -f "$cli_link"
    fi
    rm -rf "$app_home" "$app_home.new"
    rmdir "$data_home/$APP_ID" 2>/dev/null || true
    refresh_caches
    echo "EvidenceBoard removed. Boards and settings are kept."
}

install_app() {
    # Copy beside the old copy, then swap, so a failed copy leaves the old app working.
    mkdir -p "$data_home/$APP_ID"
    rm -rf "$app_home.new"
    cp -R "$here/EvidenceBoard" "$app_home.new"
    rm -rf "$app_home"
    mv "$app_home.new" "$app_home"
    mkdir -p "$bin_home"
    if [ ! -e "$cli_link" ] && [ ! -L "$cli_link" ]; then
        ln -s "$app_home/evidenceboard" "$cli_link"
    elif [ -L "$cli_link" ] && [ "$(readlink "$cli_link")" = "$app_home/evidenceboard" ]; then
        : # already ours
    else
        echo "note: $cli_link exists and is not ours; left as it is." >&2
    fi
}

do_install() {
    case "$data_home" in
        *"
"*) echo "error: the data folder path contains a newline" >&2; exit 1 ;;
    esac
    mkdir -p "$data_home/applications" "$data_home/mime/packages"
    if [ -x "$here/EvidenceBoard/evidenceboard" ]; then
        install_app
        exe=$app_home/evidenceboard
        # TryExec is a plain string: only backslashes need escaping there.
        try_exec=$(printf '%s' "$exe" | sed 's/\\/\\\\/g')
        exec_line="Exec=$(exec_quote "$exe") %f"
        sed -e "s|^Exec=.*|$(printf '%s' "$exec_line" | sed 's/[|&\\]/\\&/g')|" \
            -e "s|^TryExec=.*|TryExec=$(printf '%s' "$try_exec" | sed 's/[|&\\]/\\&/g')|" \
            "$here/$APP_ID.desktop" >"$desktop_file.tmp"
    else
        if ! command -v evidenceboard >/dev/null 2>&1; then
            echo "note: no EvidenceBoard/ app folder here and no 'evidenceboard' on PATH;" >&2
            echo "      the launcher appears once 'evidenceboard' is installed." >&2
        fi
        cp "$here/$APP_ID.desktop" "$desktop_file.tmp"
    fi
    mv "$desktop_file.tmp" "$desktop_file"
    cp "$here/$APP_ID.xml" "$mime_file"

    for size in $SIZES; do
        for kind in apps mimetypes; do
            mkdir -p "$icon_root/${size}x$size/$kind"
        done
        cp "$icon_src/evidenceboard-$size.png" "$icon_root/${size}x$size/apps/$APP_ID.png"
        cp "$icon_src/evidenceboard-board-$size.png" "$icon_root/${size}x$size/mimetypes/$MIME_ICON.png"
    done
    mkdir -p "$icon_root/scalable/apps" "$icon_root/scalable/mimetypes"
    cp "$icon_src/evidenceboard.svg" "$icon_root/scalable/apps/$APP_ID.svg"
    cp "$icon_src/evidenceboard-board.svg" "$icon_root/scalable/mimetypes/$MIME_ICON.svg"

    refresh_caches
    echo "EvidenceBoard installed: find it in your applications menu;"
    echo "double-click a .evboard file to open it. Remove with: $0 --uninstall"
}

"$action"
