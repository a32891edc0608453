#!/usr/bin/env bash
# Vendors the GraphiQL playground's browser assets into the Go package
# server/graphiql, which embeds them (//go:embed assets): see
# web/vendor-assets.sh. Versions are pinned in package.json /
# package-lock.json next to this script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "$here/../vendor-assets.sh" graphiql "$here" "$here/../../server/graphiql/assets" \
  "graphiql.min.js=graphiql/graphiql.min.js" \
  "graphiql.min.css=graphiql/graphiql.min.css" \
  "react.production.min.js=react/umd/react.production.min.js" \
  "react-dom.production.min.js=react-dom/umd/react-dom.production.min.js" \
  "plugin-explorer.umd.js=@graphiql/plugin-explorer/dist/index.umd.js" \
  "plugin-explorer.css=@graphiql/plugin-explorer/dist/style.css" \
  "LICENSE.graphiql.txt=graphiql/LICENSE" \
  "LICENSE.react.txt=react/LICENSE" \
  "LICENSE.react-dom.txt=react-dom/LICENSE"
