#!/usr/bin/env python3
"""Run WikiWho 1.0.3 (the peer Locus' authorship is compared with) on a
page history and print what Locus needs to compare against.

    wikiwho_peer.py HISTORY [--tokens OUT.json]

HISTORY is MediaWiki XML export (plain, .gz, .lzma, .xz) or the Action API's
JSON revision list (plain or .gz). XML is streamed with ElementTree's
iterparse and each revision handed to WikiWho as the Action API dict it
expects, so the peer also pays for reading XML, as Locus does.

Prints one JSON line: revisions read, revisions WikiWho kept, seconds, peak
resident memory (MB). With --tokens, writes the final revision's tokens in
text order as [[token, origin_revision_id], ...].
"""
import argparse
import gzip
import json
import lzma
import resource
import sys
import time
import xml.etree.ElementTree as ET

from WikiWho.utils import iter_rev_tokens
from WikiWho.wikiwho import Wikiwho


def open_any(path):
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    if path.endswith(".lzma"):
        return lzma.open(path, "rb", format=lzma.FORMAT_ALONE)
    if path.endswith(".xz"):
        return lzma.open(path, "rb")
    return open(path, "rb")


def local(tag):
    return tag.rsplit("}", 1)[-1]


def xml_revisions(path):
    """Yields Action API style dicts, one per <revision>, streaming."""
    with open_any(path) as f:
        for _, elem in ET.iterparse(f, events=("end",)):
            if local(elem.tag) != "revision":
                if local(elem.tag) == "page":
                    elem.clear()
                continue
            rev = {}
            for child in elem:
                name = local(child.tag)
                if name == "id":
                    rev["revid"] = int(child.text)
                elif name == "parentid":
                    rev["parentid"] = int(child.text)
                elif name == "timestamp":
                    rev["timestamp"] = child.text
                elif name == "comment" and child.text:
                    rev["comment"] = child.text
                elif name == "minor":
                    rev["minor"] = ""
                elif name == "sha1" and child.text:
                    rev["sha1"] = child.text
                elif name == "text":
                    if child.get("deleted"):
                        rev["texthidden"] = ""
                    rev["*"] = child.text or ""
                elif name == "contributor":
                    for c in child:
                        n = local(c.tag)
                        if n == "username":
                            rev["user"] = c.text or ""
                        elif n == "id":
                            rev["userid"] = int(c.text)
                        elif n == "ip":
                            rev["user"] = c.text or ""
                            rev["userid"] = 0
            yield rev
            elem.clear()


def json_revisions(path):
    with open_any(path) as f:
        data = json.load(f)
    if isinstance(data, dict):
        pages = data["query"]["pages"]
        pages = pages.values() if isinstance(pages, dict) else pages
        data = [r for p in pages for r in p.get("revisions", [])]
    return data


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("history")
    ap.add_argument("--tokens")
    args = ap.parse_args()
    with open_any(args.history) as f:
        first = f.read(64).lstrip()
    revisions = xml_revisions(args.history) if first.startswith(b"<") else json_revisions(args.history)
    counted = []

    def counting(revs):
        for r in revs:
            counted.append(1)
            yield r

    start = time.perf_counter()
    ww = Wikiwho("page")
    ww.analyse_article(counting(revisions))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "revisions": len(counted),
        "kept": len(ww.ordered_revisions),
        "spam": len(ww.spam_ids),
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_mb, 1),
    }))
    if args.tokens:
        last = ww.revisions[ww.ordered_revisions[-1]]
        tokens = [[w.value, w.origin_rev_id] for w in iter_rev_tokens(last)]
        with open(args.tokens, "w") as out:
            json.dump(tokens, out, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
