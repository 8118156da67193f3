#!/usr/bin/env bash
# Wrap dist/Orchard.app in a compressed disk image, dist/Orchard-VERSION.dmg (macOS only).
# The window shows the app and a link to /Applications to drag it onto.
#
#   packaging/make_dmg.sh            (after make app)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "$(uname -s)" == Darwin ]] || { echo "make_dmg: hdiutil is macOS only" >&2; exit 1; }
[[ -d dist/Orchard.app ]] || { echo "make_dmg: no dist/Orchard.app; run make app first" >&2; exit 1; }

version=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' \
    dist/Orchard.app/Contents/Info.plist)
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
# ditto keeps the symlinks, extended attributes and signature of the bundle intact.
ditto dist/Orchard.app "$staging/Orchard.app"
ln -s /Applications "$staging/Applications"
out="dist/Orchard-$version.dmg"
rm -f "$out"
hdiutil create -volname "Orchard $version" -srcfolder "$staging" -fs HFS+ \
    -format UDZO -imagekey zlib-level=9 "$out"
# A DMG signed with a Developer ID can be notarized and stapled too (see packaging/README.md).
if [[ -n "${ORCHARD_CODESIGN_IDENTITY:-}" ]]; then
    codesign --sign "$ORCHARD_CODESIGN_IDENTITY" --timestamp "$out"
fi
echo "$out ($(du -h "$out" | cut -f1))"
