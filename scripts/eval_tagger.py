#!/usr/bin/env python3
"""Document-level precision, recall and F1 of a tagger's PubTator output
against a gold PubTator corpus (the BioCreative II gene normalisation
measure: per abstract, the set of identifiers found against the set the
annotators gave).

    eval_tagger.py GOLD PREDICTED --type Gene [--human-only] [--errors N]

Types: Gene, Disease (the NCBI disease corpus's SpecificDisease,
DiseaseClass, Modifier and CompositeMention count as Disease), Chemical.
Identifiers: split on `,` `;` `|`, `-1` dropped, `MESH:` prefixes
dropped; a gene id's `(Tax:N)` suffix is dropped, and with --human-only
gold ids of another organism are left out (BC2GN scores human genes).
Only documents present in the gold file count.
"""
import argparse
import re
import sys
from collections import Counter

DISEASE = {"Disease", "SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention"}


def read(path, kind, human_only):
    docs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^(\d+)\|[ta]\|", line)
            if m:
                docs.setdefault(m.group(1), set())
                continue
            cells = line.split("\t")
            if len(cells) < 6:
                continue
            t = "Disease" if cells[4] in DISEASE else cells[4]
            if t != kind:
                continue
            ids = docs.setdefault(cells[0], set())
            for item in re.split(r"[,;|]", cells[5]):
                item = item.strip()
                if not item or item == "-1":
                    continue
                tax = re.search(r"\(Tax:(\d+)\)", item)
                item = re.sub(r"\(Tax:\d+\)", "", item).strip()
                if item.upper().startswith("MESH:"):
                    item = item[5:]
                if human_only and tax and tax.group(1) != "9606":
                    continue
                ids.add(item)
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("predicted")
    ap.add_argument("--type", required=True, choices=["Gene", "Disease", "Chemical"])
    ap.add_argument("--human-only", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="print the N commonest wrong and missed ids")
    a = ap.parse_args()
    gold = read(a.gold, a.type, a.human_only)
    pred = read(a.predicted, a.type, False)
    tp = fp = fn = 0
    wrong, missed = Counter(), Counter()
    for pmid, g in gold.items():
        p = pred.get(pmid, set())
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        wrong.update(p - g)
        missed.update(g - p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"{a.type}\tdocuments {len(gold)}\tTP {tp}\tFP {fp}\tFN {fn}\tP {prec:.3f}\tR {rec:.3f}\tF1 {f1:.3f}")
    if a.errors:
        print("wrong:", wrong.most_common(a.errors), file=sys.stderr)
        print("missed:", missed.most_common(a.errors), file=sys.stderr)


if __name__ == "__main__":
    main()
