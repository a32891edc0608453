#!/usr/bin/env bash
# Runs every Go fuzz target of the repository (func FuzzXxx(f *testing.F) in a
# _test.go file), each for FUZZTIME (default 3s): `go test -fuzz` takes one
# target per run. Targets are found with grep, so new ones are picked up.
# Stops at the first failure and says which target failed; go test has then
# written the failing input to <package>/testdata/fuzz/<target>/, where it
# stays as a regression test that every plain `go test` runs.
#
#   FUZZTIME=60s scripts/fuzz.sh          # longer
#   FUZZ_MINIMIZE=10s scripts/fuzz.sh     # spend longer shrinking inputs
#   scripts/fuzz.sh ./graph/ ./casefile/  # only these packages
#
# FUZZ_MINIMIZE bounds go test's minimisation of each new input (default
# 100 runs): the seeds include 100 KB values, and the default of 60s per
# input leaves a short run no time to fuzz at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fuzztime="${FUZZTIME:-3s}"
minimize="${FUZZ_MINIMIZE:-100x}"

# "dir name" per target, sorted, from every _test.go outside vendored,
# generated and dependency folders.
targets="$(
  grep -rHoE --include='*_test.go' \
    --exclude-dir=.git --exclude-dir=vendor --exclude-dir=node_modules --exclude-dir=testdata \
    --exclude-dir=neo4j-local --exclude-dir=.data \
    '^func Fuzz[A-Za-z0-9_]*\([A-Za-z0-9_]+ \*testing\.F\)' . |
    sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#' | sort -u || true
)"
if [ "$#" -gt 0 ]; then
  wanted="$(printf '%s\n' "$@" | sed -E 's#^\./##; s#/+$##')"
  targets="$(echo "$targets" | while read -r dir name; do
    [ -n "$dir" ] && grep -qxF "${dir#./}" <<<"$wanted" && echo "$dir $name"
  done || true)"
fi
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz targets found" >&2
  exit 1
fi

count="$(echo "$targets" | wc -l | tr -d ' ')"
echo "fuzz: $count targets, $fuzztime each"
start=$SECONDS
while read -r dir name; do
  echo "fuzz: $name ($dir/)"
  t0=$SECONDS
  # go test -fuzz with a time limit sometimes ends a run that found
  # nothing with "context deadline exceeded" (a known flake of the fuzzing
  # engine on a busy machine): such a run wrote no failing input and is run
  # once more; a real failure always writes its input.
  for attempt in 1 2; do
    log="$(mktemp)"
    if go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" "$dir/" </dev/null 2>&1 | tee "$log"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
      rm -f "$log"
      break
    fi
    if [ "$attempt" -eq 1 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
      echo "fuzz: $name ended with the engine's deadline flake and no failing input; running it again"
      rm -f "$log"
      continue
    fi
    rm -f "$log"
    echo "fuzz: FAILED: $name in $dir/ (failing inputs: $dir/testdata/fuzz/$name/)" >&2
    exit 1
  done
  echo "fuzz: $name passed in $((SECONDS - t0))s"
done <<<"$targets"
echo "fuzz: all $count targets passed in $((SECONDS - start))s"
