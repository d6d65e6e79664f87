"""Independent reference values for Locus's geo-gds importer.

Reads a GEO DataSet SOFT file, and for its two `disease state` subsets
computes per IDENTIFIER (probes averaged per sample on log2 values,
non-positive and null values dropped, `--Control` probes left out): the
log2 fold change (mean test - mean reference), Welch's two-sided t-test
p-value (scipy.stats.ttest_ind, equal_var=False) and the Benjamini-Hochberg
adjusted p-value (scipy.stats.false_discovery_control). Prints TSV.

Usage: python3 reference.py GDS507.cut.soft > reference.tsv
"""
import sys
import numpy as np
from scipy import stats

subsets, in_table, header, genes, order = [], False, None, {}, []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line == "!dataset_table_begin":
        in_table = True
        continue
    if line == "!dataset_table_end":
        break
    if in_table:
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        ident = cells[1]
        if ident.startswith("--"):
            continue
        if ident not in genes:
            genes[ident] = []
            order.append(ident)
        genes[ident].append(cells[2:])
        continue
    if line.startswith("^SUBSET"):
        subsets.append({})
    elif subsets and line.startswith("!subset_"):
        key, _, value = line.partition(" = ")
        subsets[-1][key] = value

states = [s for s in subsets if s.get("!subset_type") == "disease state"]
ref = next(s for s in states if s["!subset_description"].lower() in ("normal", "control", "healthy"))
test = next(s for s in states if s is not ref)
samples = header[2:]
def side(s):
    ids = s["!subset_sample_id"].split(",")
    return [i for i, x in enumerate(samples) if x in ids]
ti, ri = side(test), side(ref)

rows = []
for ident in order:
    per_sample = []
    for j in range(len(samples)):
        vals = []
        for probe in genes[ident]:
            v = probe[j]
            if v != "null" and float(v) > 0:
                vals.append(np.log2(float(v)))
        per_sample.append(np.mean(vals) if vals else None)
    a = np.array([per_sample[j] for j in ti if per_sample[j] is not None])
    b = np.array([per_sample[j] for j in ri if per_sample[j] is not None])
    fc = a.mean() - b.mean()
    p = stats.ttest_ind(a, b, equal_var=False).pvalue
    rows.append((ident, fc, p))
adj = stats.false_discovery_control([r[2] for r in rows], method="bh")
print("identifier\tlog2_fold_change\tp_value\tadjusted_p_value")
for (ident, fc, p), q in zip(rows, adj):
    print(f"{ident}\t{float(fc)!r}\t{float(p)!r}\t{float(q)!r}")
