#!/usr/bin/env bash
# Vendors Cytoscape.js (the gene page's knowledge-graph view) from the npm
# registry into crates/web/src/assets/vendor/. The files are committed, so
# building Locus needs neither npm nor the network; run this only to
# upgrade. To upgrade: set VERSION, take INTEGRITY from
#   npm view cytoscape@<version> dist.integrity
# run the script, and commit both vendored files.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=3.34.4
INTEGRITY='sha512-msY99tMY8iWTg+sIPGfSqDcPNOt4xcj+v/K/7qUFaCUxxlqnMkUYLBjRUzn9W5CU/R2hrmtJa5+UtovrEM2ctg=='
URL="https://registry.npmjs.org/cytoscape/-/cytoscape-${VERSION}.tgz"
out=crates/web/src/assets/vendor

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

curl -fsSL --retry 3 -o "$tmp/cytoscape.tgz" "$URL"

# npm's integrity string is "sha512-" + base64 of the raw SHA-512 digest.
if command -v openssl >/dev/null 2>&1; then
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/cytoscape.tgz" | base64 | tr -d '\n')"
else
  got="sha512-$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$tmp/cytoscape.tgz")"
fi
if [ "$got" != "$INTEGRITY" ]; then
  echo "vendor-cytoscape.sh: integrity mismatch for $URL" >&2
  echo "  expected $INTEGRITY" >&2
  echo "  got      $got" >&2
  exit 1
fi

tar -xzf "$tmp/cytoscape.tgz" -C "$tmp" package/dist/cytoscape.min.js package/LICENSE package/package.json
pkg_version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$tmp/package/package.json")
if [ "$pkg_version" != "$VERSION" ]; then
  echo "vendor-cytoscape.sh: tarball says version $pkg_version, expected $VERSION" >&2
  exit 1
fi

mkdir -p "$out"
cp "$tmp/package/dist/cytoscape.min.js" "$out/cytoscape.min.js"
cp "$tmp/package/LICENSE" "$out/cytoscape.LICENSE"
echo "cytoscape $VERSION ($INTEGRITY) -> $out/cytoscape.min.js, $out/cytoscape.LICENSE"
