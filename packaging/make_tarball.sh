#!/bin/bash
# The Linux download: dist/msgcenter-<version>-linux-<arch>.tar.gz, made from the bundle that
# `pyinstaller build.spec` left in dist/msgcenter, with the desktop entry, icons and AppStream
# metadata laid out as under a prefix (share/applications, share/icons, share/metainfo).
#
#   packaging/make_tarball.sh
#
# To install: tar -xzf msgcenter-*.tar.gz -C ~/.local/opt, then link
# ~/.local/opt/msgcenter-<version>/msgcenter/msgcenter into ~/.local/bin and copy share/ into
# ~/.local/share.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x dist/msgcenter/msgcenter ] || { echo "no bundle: run pyinstaller build.spec" >&2; exit 1; }
version=$(python3 -c 'import re; print(re.search(r"__version__ = \"(.+?)\"", open("msgcenter/__init__.py").read()).group(1))')
name=msgcenter-$version-linux-$(uname -m)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/share/applications" "$stage/$name/share/metainfo" "$stage/$name/share/icons"
cp -a dist/msgcenter "$stage/$name/msgcenter"
cp resources/msgcenter.desktop "$stage/$name/share/applications/"
cp resources/msgcenter.metainfo.xml "$stage/$name/share/metainfo/"
cp -a resources/icons/hicolor "$stage/$name/share/icons/"
mkdir -p "$stage/$name/share/icons/hicolor/scalable/apps"
cp resources/msgcenter.svg "$stage/$name/share/icons/hicolor/scalable/apps/"
tar -czf "dist/$name.tar.gz" -C "$stage" "$name"
echo "dist/$name.tar.gz"
