#!/bin/sh
# Install the menu entry, AppStream metainfo and icon of Caption Desk for one user (default
# ~/.local) or system-wide (PREFIX=/usr/local, as root). With a standalone bundle
# (dist/caption-desk) as argument, also link its caption-desk and caption-desk-gui into
# PREFIX/bin, which must be on PATH (the .desktop file runs caption-desk-gui).
#   packaging/install-desktop.sh [BUNDLE]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
id=io.github.captiondesk.CaptionDesk
install -D -m 644 "$here/resources/$id.desktop" "$prefix/share/applications/$id.desktop"
install -D -m 644 "$here/resources/$id.metainfo.xml" "$prefix/share/metainfo/$id.metainfo.xml"
install -D -m 644 "$here/editor_app/ui/assets/caption-desk.svg" \
    "$prefix/share/icons/hicolor/scalable/apps/$id.svg"
if [ $# -ge 1 ]; then
    bundle=$(cd "$1" && pwd)
    mkdir -p "$prefix/bin"
    ln -sf "$bundle/caption-desk" "$prefix/bin/caption-desk"
    ln -sf "$bundle/caption-desk-gui" "$prefix/bin/caption-desk-gui"
fi
command -v update-desktop-database >/dev/null 2>&1 &&
    update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 &&
    gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "installed $id under $prefix"
