#!/usr/bin/env bash
# Runs the whole Locus test suite: formatting, lints, unit, integration,
# snapshot and browser tests. Installs what the tests need on Debian.
#
# Optional full-scale test: set LOCUS_ORGDB to org.Hs.eg.sqlite, or run
# scripts/fetch-orgdb.sh first (it needs Debian's package archive).
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_pkgs+=(chromium-driver)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing ${need_pkgs[*]} for the browser test"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "scripts/test.sh: ${need_pkgs[*]} missing and cannot be installed here; the browser test will print a skip line"
  fi
fi

if [ -z "${LOCUS_ORGDB:-}" ] && [ -f target/orgdb/org.Hs.eg.sqlite ]; then
  export LOCUS_ORGDB="$PWD/target/orgdb/org.Hs.eg.sqlite"
fi

# Tests that need data outside the repository say so here, visibly; the
# test binaries print the same skip lines (shown with -- --nocapture).
skips=()
shared="${LOCUS_SHARED_DATA:-../shared/data}"
[ -d "$shared" ] || skips+=("skip: tests on the full files of ../shared/data (not present; set LOCUS_SHARED_DATA)")
[ -n "${LOCUS_ORGDB:-}" ] && [ -f "${LOCUS_ORGDB}" ] || skips+=("skip: full org.Hs.eg.db import test (set LOCUS_ORGDB or run scripts/fetch-orgdb.sh)")
command -v chromedriver >/dev/null 2>&1 || skips+=("skip: browser test (chromium-driver not installed)")
for s in "${skips[@]}"; do echo "$s"; done

cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --no-fail-fast --lib --bins --tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
for s in "${skips[@]}"; do echo "$s"; done
# One closing line over all test binaries (cargo prints one per binary).
awk -v skipped="${#skips[@]}" '/^test result:/ { p += $4; f += $6 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, skipped }' "$log"
exit "$status"
