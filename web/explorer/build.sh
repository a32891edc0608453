#!/usr/bin/env bash
# Vendors the explorer's browser assets (Cytoscape.js) into the Go package
# server/explorer, which embeds them (//go:embed assets): see
# web/vendor-assets.sh. Versions are pinned in package.json /
# package-lock.json next to this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../vendor-assets.sh" explorer "$here" "$here/../../server/explorer/assets" \
  "cytoscape.min.js=cytoscape/dist/cytoscape.min.js" \
  "LICENSE.cytoscape.txt=cytoscape/LICENSE"
