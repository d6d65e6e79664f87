"""Latency of Locus's MCP tool calls, as an agent sees them through the
official MCP Python SDK, beside the same questions asked of the JSON API
with a plain HTTP client. Prints p50 and p99 per call; asserts nothing.

    python bench_mcp.py LOCUS_BIN DB BASE_URL [N]

LOCUS_BIN mcp --db DB is started for stdio; BASE_URL is a running
`locus serve` of the same store (its /mcp and /api/v1). Run by
scripts/bench.sh with the venv scripts/test.sh makes (target/mcp-venv).
"""

import asyncio
import statistics
import sys
import time

import httpx2
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

CALLS = [
    ("get_gene", {"gene": "BACH1"}, "/api/v1/genes/BACH1"),
    ("get_gene", {"gene": "TP53"}, "/api/v1/genes/TP53"),
    ("shortest_paths", {"from": "BACH1", "to": "TP53"}, "/api/v1/graph/path?from=BACH1&to=TP53"),
]


def quantiles(times_ms):
    times_ms = sorted(times_ms)
    p50 = statistics.median(times_ms)
    p99 = times_ms[min(len(times_ms) - 1, int(round(0.99 * (len(times_ms) - 1))))]
    return p50, p99


def show(transport, name, args, times_ms):
    p50, p99 = quantiles(times_ms)
    label = f"{name}({', '.join(f'{k}={v}' for k, v in args.items())})"
    print(f"  {transport:<6} {label:<40} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   (n={len(times_ms)})")


async def time_tools(client, transport, n):
    for name, args, _ in CALLS:
        for _ in range(5):  # warm the caches of the server and the client
            await client.call_tool(name, args)
        times = []
        for _ in range(n):
            t = time.perf_counter()
            result = await client.call_tool(name, args)
            times.append((time.perf_counter() - t) * 1000)
            if result.is_error:
                sys.exit(f"{name} failed: {result.content[0].text}")
        show(transport, name, args, times)


async def main():
    binary, db, base = sys.argv[1], sys.argv[2], sys.argv[3].rstrip("/")
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    print("MCP tool calls through the official Python SDK (mcp " + __import__("importlib.metadata").metadata.version("mcp") + ")")
    async with Client(StdioServerParameters(command=binary, args=["mcp", "--db", db])) as client:
        await time_tools(client, "stdio", n)
    async with create_mcp_http_client() as http:
        async with Client(streamable_http_client(f"{base}/mcp", http_client=http)) as client:
            await time_tools(client, "http", n)
    print("The same questions of the JSON API (httpx2, one connection; answers cached by the server after the first)")
    async with httpx2.AsyncClient() as http:
        for name, args, path in CALLS:
            for _ in range(5):
                await http.get(base + path)
            times = []
            for _ in range(n):
                t = time.perf_counter()
                r = await http.get(base + path)
                times.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
            show("api", name, args, times)


asyncio.run(main())
