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

# Tests that need data or programs outside the repository are compiled as
# ignored where the build does not find them (build/test_env.rs), so the
# runner's own summary counts them as ignored, with the reason.
shared="${LOCUS_SHARED_DATA:-../shared/data}"
if [ -d "$shared" ]; then export LOCUS_SHARED_DATA="$(cd "$shared" && pwd)"; fi

# The test build has the import stall hook the crash test needs; release
# builds never do.
features=(--features locus/test-hooks)
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked "${features[@]}" -- -D warnings
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --no-fail-fast --lib --bins --tests "${features[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# The ignored tests and why (cargo lists each as "ignored, <reason>").
grep -E '^test .* \.\.\. ignored' "$log" | sed 's/^test /ignored: /' || true
# One closing line over all test binaries (cargo prints one per binary).
awk '/^test result:/ { p += $4; f += $6; i += $8 }
  END { printf "tests: %d passed, %d failed, %d ignored\n", p, f, i }' "$log"
exit "$status"
