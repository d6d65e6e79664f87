#!/usr/bin/env bash
# Fetches Bioconductor's GO.db (the whole Gene Ontology, 43,559 terms of
# the 2022-07-01 release org.Hs.eg.db was built with) from Debian's
# package archive without installing R, into target/godb/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/godb
if [ -f "$out/GO.sqlite" ]; then echo "$out/GO.sqlite"; exit 0; fi
mkdir -p "$out/pkg"
( cd "$out/pkg" && apt-get download r-bioc-go.db >/dev/null 2>&1 ) || {
  apt-get update -qq >/dev/null && ( cd "$out/pkg" && apt-get download r-bioc-go.db >/dev/null )
}
dpkg -x "$out"/pkg/r-bioc-go.db_*_all.deb "$out/pkg/x"
mv "$out/pkg/x/usr/lib/R/site-library/GO.db/extdata/GO.sqlite" "$out/GO.sqlite"
rm -rf "$out/pkg"
echo "$out/GO.sqlite"
