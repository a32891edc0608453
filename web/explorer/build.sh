#!/usr/bin/env bash
# Vendors the explorer's browser assets (Cytoscape.js; d3-geo, topojson-client
# and world-atlas's outlines for the flows map) into the Go package
# server/explorer, which embeds them (//go:embed assets): see
# web/vendor-assets.sh. Versions are pinned in package.json /
# package-lock.json next to this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../vendor-assets.sh" explorer "$here" "$here/../../server/explorer/assets" \
  "cytoscape.min.js=cytoscape/dist/cytoscape.min.js" \
  "d3-array.min.js=d3-array/dist/d3-array.min.js" \
  "d3-geo.min.js=d3-geo/dist/d3-geo.min.js" \
  "topojson-client.min.js=topojson-client/dist/topojson-client.min.js" \
  "countries-110m.json=world-atlas/countries-110m.json" \
  "LICENSE.cytoscape.txt=cytoscape/LICENSE" \
  "LICENSE.d3-array.txt=d3-array/LICENSE" \
  "LICENSE.d3-geo.txt=d3-geo/LICENSE" \
  "LICENSE.topojson-client.txt=topojson-client/LICENSE" \
  "LICENSE.world-atlas.txt=world-atlas/LICENSE"
