#!/usr/bin/env bash
# Vendors pinned browser assets from npm into a Go package's embed folder, so
# that the pages that use them (GraphiQL, the explorer) work on networks
# without internet access (no CDN).
#
#   web/vendor-assets.sh NAME PACKAGE_DIR OUT_DIR DEST=SRC...
#
# PACKAGE_DIR holds package.json / package-lock.json (the pinned versions);
# each DEST=SRC copies node_modules/SRC to OUT_DIR/DEST. Idempotent: `npm ci`
# runs only when node_modules is missing or was installed from a different
# package.json/package-lock.json, and files are only rewritten when their
# content changed. When everything is up to date it finishes in well under a
# second.
set -euo pipefail

what="$1" here="$(cd "$2" && pwd)" out="$3"
shift 3
nm="$here/node_modules"
stamp="$nm/.scamgraph-lock.sha256"

# destination name in $out  ->  source path below node_modules
assets=("$@")
# Files in $out that belong to the repository, never touched.
keep=(README.md .gitignore)

log() { printf '%s: %s\n' "$what" "$*" >&2; }

want="$(cd "$here" && cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
have=""
[[ -f "$stamp" ]] && have="$(<"$stamp")"

if [[ ! -d "$nm" || "$have" != "$want" ]]; then
  command -v npm >/dev/null 2>&1 || {
    log "npm not found: install Node.js (with npm) to build the $what assets"
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
