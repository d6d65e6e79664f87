#!/usr/bin/env python3
"""The baseline a bioinformatician would otherwise use for graph queries:
NetworkX over the same edges, exported by Locus as KGX.

    python3 scripts/bench_networkx.py bench-out/kgx_edges.tsv

Loads the edge list into an undirected nx.Graph (as Locus's default walk
treats every edge as traversable both ways), then times 1-hop neighbours
(sorted by the same strength column Locus ranks by, top 50) and up to 5
shortest paths of at most 6 hops between random pairs of human genes.
Prints figures; asserts nothing. Evidence lookup is not included here,
whereas Locus's path figure includes reading each hop's evidence rows.
"""
import csv
import random
import sys
import time

import networkx as nx


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))]


def fmt(s):
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms"


def main():
    path = sys.argv[1]
    t = time.perf_counter()
    g = nx.Graph()
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            s, o = row["subject"], row["object"]
            strength = len(row["primary_knowledge_source"].split("|")) * 1000 + min(
                999, len([p for p in row["publications"].split("|") if p])
            )
            if row["string_combined_score"]:
                strength = int(row["string_combined_score"])
            g.add_edge(s, o, strength=strength)
    print(f"networkx {nx.__version__} graph build: {g.number_of_nodes()} genes, {g.number_of_edges()} edges in {time.perf_counter() - t:.2f} s")
    nodes = sorted(g.nodes)
    rng = random.Random(42)
    samples = []
    for _ in range(5000):
        n = rng.choice(nodes)
        t = time.perf_counter()
        nb = sorted(g[n].items(), key=lambda kv: -kv[1]["strength"])[:50]
        samples.append(time.perf_counter() - t)
    print(f"networkx 1-hop neighbours, top 50 by strength   p50={fmt(pct(samples, .5))} p99={fmt(pct(samples, .99))}")
    samples, found = [], 0
    for _ in range(1000):
        a, b = rng.choice(nodes), rng.choice(nodes)
        t = time.perf_counter()
        paths = []
        try:
            for p in nx.all_shortest_paths(g, a, b):
                if len(p) - 1 > 6:
                    break
                paths.append(p)
                if len(paths) == 5:
                    break
        except nx.NetworkXNoPath:
            pass
        samples.append(time.perf_counter() - t)
        found += bool(paths)
    print(f"networkx ≤5 shortest paths ≤6 hops (random pair) p50={fmt(pct(samples, .5))} p99={fmt(pct(samples, .99))} ({found} of 1000 connected)")


if __name__ == "__main__":
    main()
