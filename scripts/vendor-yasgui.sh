#!/usr/bin/env bash
# Reproduce kg/serve/static/vendor/yasgui.min.{js,css}: install @zazuko/yasgui from the npm registry
# in a temporary directory and copy its prebuilt browser bundle (it has no runtime network needs).
# Usage: scripts/vendor-yasgui.sh [VERSION]   (default: the version in kg/serve/static/vendor/README.md)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/kg/serve/static/vendor"
VERSION="${1:-4.6.2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "@zazuko/yasgui@$VERSION" >/dev/null
BUILD="$WORK/node_modules/@zazuko/yasgui/build"
mkdir -p "$DEST"
# Drop the sourceMappingURL comment: the 3.6 MB source map is not vendored.
sed -e 's|//# sourceMappingURL=.*$||' "$BUILD/yasgui.min.js" > "$DEST/yasgui.min.js"
cp "$BUILD/yasgui.min.css" "$DEST/yasgui.min.css"
echo "vendor-yasgui: copied @zazuko/yasgui@$VERSION into $DEST"
ls -l "$DEST"/yasgui.min.*
