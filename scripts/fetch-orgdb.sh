#!/usr/bin/env bash
# Fetches Bioconductor's org.Hs.eg.db (77,614 human genes) from Debian's
# package archive without installing R, into target/orgdb/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/orgdb
if [ -f "$out/org.Hs.eg.sqlite" ]; then echo "$out/org.Hs.eg.sqlite"; exit 0; fi
mkdir -p "$out/pkg"
( cd "$out/pkg" && apt-get download r-bioc-org.hs.eg.db >/dev/null 2>&1 ) || {
  apt-get update -qq >/dev/null && ( cd "$out/pkg" && apt-get download r-bioc-org.hs.eg.db >/dev/null )
}
dpkg -x "$out"/pkg/r-bioc-org.hs.eg.db_*_all.deb "$out/pkg/x"
mv "$out/pkg/x/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite" "$out/org.Hs.eg.sqlite"
rm -rf "$out/pkg"
echo "$out/org.Hs.eg.sqlite"
