#!/bin/sh
# Install the query UI's browser libraries from npm and copy their built files into server/static/vendor/,
# where server/ui.py serves them (no CDN: the UI must work offline). Called by `make assets`.
#
# Versions are pinned by package-lock.json (`npm ci` installs exactly those, checked by their integrity hashes).
# --ignore-scripts: no package needs an install script for its prebuilt dist files, so none is run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vendor="$here/../static/vendor"

command -v npm >/dev/null 2>&1 || { echo "install.sh: npm is missing (apt-get install npm)" >&2; exit 1; }

cd "$here"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

mkdir -p "$vendor"
for file in \
    node_modules/@zazuko/yasgui/build/yasgui.min.js \
    node_modules/@zazuko/yasgui/build/yasgui.min.css \
    node_modules/cytoscape/dist/cytoscape.min.js
do
    [ -f "$file" ] || { echo "install.sh: $file is missing after npm ci" >&2; exit 1; }
    cp "$file" "$vendor/"
done
# Name, version and licence of what was copied travel with it (@zazuko/yasgui ships no LICENSE file; MIT per
# its package.json).
cp node_modules/cytoscape/LICENSE "$vendor/cytoscape.LICENSE"
node -e '
for (const name of ["@zazuko/yasgui", "cytoscape"]) {
  const p = require("./node_modules/" + name + "/package.json");
  console.log(`${p.name} ${p.version} ${p.license} ${p.homepage || ""}`);
}' > "$vendor/VERSIONS.txt"
echo "install.sh: vendor files in $(cd "$vendor" && pwd):"
ls -l "$vendor"
