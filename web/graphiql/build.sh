#!/usr/bin/env bash
# Vendors the GraphiQL playground's browser assets into the Go package
# server/graphiql, which embeds them (//go:embed assets) so the playground
# works on networks without internet access (no CDN).
#
#   web/graphiql/build.sh
#
# Versions are pinned in package.json / package-lock.json next to this script.
# The script is idempotent: `npm ci` runs only when node_modules is missing or
# was installed from a different package.json/package-lock.json, and files are
# only rewritten when their content changed. When everything is up to date it
# finishes in well under a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/server/graphiql/assets"
nm="$here/node_modules"
stamp="$nm/.scamgraph-lock.sha256"

# destination name in $out  ->  source path below node_modules
assets=(
  "graphiql.min.js=graphiql/graphiql.min.js"
  "graphiql.min.css=graphiql/graphiql.min.css"
  "react.production.min.js=react/umd/react.production.min.js"
  "react-dom.production.min.js=react-dom/umd/react-dom.production.min.js"
  "LICENSE.graphiql.txt=graphiql/LICENSE"
  "LICENSE.react.txt=react/LICENSE"
  "LICENSE.react-dom.txt=react-dom/LICENSE"
)
# Files in $out that belong to the repository, never touched.
keep=(README.md .gitignore)

log() { printf 'graphiql: %s\n' "$*" >&2; }

want="$(cd "$here" && cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
have=""
[[ -f "$stamp" ]] && have="$(<"$stamp")"

if [[ ! -d "$nm" || "$have" != "$want" ]]; then
  command -v npm >/dev/null 2>&1 || {
    log "npm not found: install Node.js (with npm) to build the GraphiQL assets"
    exit 1
  }
  log "installing pinned packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund)
  printf '%s\n' "$want" >"$stamp"
fi

mkdir -p "$out"
changed=0
names=()
for entry in "${assets[@]}"; do
  name="${entry%%=*}"
  src="$nm/${entry#*=}"
  names+=("$name")
  if [[ ! -s "$src" ]]; then
    log "missing $src (try: rm -rf $nm && $0)"
    exit 1
  fi
  if ! cmp -s "$src" "$out/$name"; then
    tmp="$(mktemp "$out/.tmp.XXXXXX")"
    cp "$src" "$tmp"
    chmod 0644 "$tmp"
    mv -f "$tmp" "$out/$name"
    changed=$((changed + 1))
  fi
done

# Drop files left over from an older asset list (or an interrupted run).
shopt -s nullglob dotglob
for f in "$out"/*; do
  base="${f##*/}"
  [[ -f "$f" ]] || continue
  for n in "${names[@]}" "${keep[@]}"; do
    [[ "$base" == "$n" ]] && continue 2
  done
  rm -f "$f"
  changed=$((changed + 1))
done

if ((changed > 0)); then
  log "updated $out ($(du -sh "$out" | cut -f1))"
fi
