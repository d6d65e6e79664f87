"""Drives Locus's MCP server with the official MCP Python SDK (PyPI `mcp`),
a client no one here wrote. Run by crates/cli/tests/mcp.rs:

    python mcp_client.py stdio LOCUS_BIN DB [TOKEN | read:TOKEN]
    python mcp_client.py http URL [TOKEN | read:TOKEN]

Checks, on the demo dataset: the tool list, search and get_gene for
BACH1, a path BACH1 -> TP53 with evidence, a gene resource, a write
refused without a token and with a read token, and (given a write
token) a wiki edit saved as the token's user. Prints one line per check; exits 1 at the first failure.
"""

import asyncio
import json
import sys

from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

EXPECTED_TOOLS = {
    "search",
    "get_gene",
    "regulation",
    "neighbors",
    "shortest_paths",
    "literature",
    "expression",
    "diseases_and_phenotypes",
    "publication",
    "wiki_article",
    "propose_wiki_edit",
}


def check(ok, what, detail=""):
    print(("ok" if ok else "FAILED") + ": " + what + (f" ({detail})" if detail else ""))
    if not ok:
        sys.exit(1)


def answer(result):
    """The JSON of a tool result: structured content, else the text."""
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def exercise(client, token_given, read_only=False):
    tools = (await client.list_tools()).tools
    names = {t.name for t in tools}
    check(EXPECTED_TOOLS <= names, "every tool is listed", ", ".join(sorted(names)))
    for t in tools:
        check(bool(t.description) and t.input_schema.get("type") == "object",
              f"{t.name} has a description and an object schema")

    hits = answer(await client.call_tool("search", {"query": "BACH1", "limit": 5}))["hits"]
    check(hits and hits[0]["kind"] == "gene" and hits[0]["label"] == "BACH1",
          "search BACH1: the gene first", json.dumps(hits[:1]))
    check(hits[0]["resource"] == "locus://gene/9606/571", "search hit has its resource URI")

    gene = answer(await client.call_tool("get_gene", {"gene": "BACH1"}))
    check(gene["gene"]["symbol"] == "BACH1" and gene["gene"]["gene_id"] == 571, "get_gene BACH1")
    check(gene["gene"]["resource"] == "locus://gene/9606/571", "get_gene names its resource")
    check(any(p["kind"] == "gene_info" or p["kind"] == "orgdb" for p in gene["provenance"]),
          "get_gene carries the imports of its facts",
          ", ".join(p["file_name"] for p in gene["provenance"]))
    check(gene["literature"]["pubmed_count"] > 0, "get_gene has literature counts")

    missing = await client.call_tool("get_gene", {"gene": "NOSUCHGENE1"})
    check(missing.is_error and answer(missing)["error"] == "not_found",
          "an unknown gene is an error result the agent reads")

    paths = answer(await client.call_tool("shortest_paths", {"from": "BACH1", "to": "TP53"}))
    check(paths["length"] is not None and paths["paths"], "a path BACH1 -> TP53",
          f"length {paths['length']}")
    first = paths["paths"][0]
    check(first["nodes"][0]["label"] == "BACH1" and first["nodes"][-1]["label"] == "TP53",
          "the path runs from BACH1 to TP53",
          " -> ".join(n["label"] for n in first["nodes"]))
    plain = {"from", "to", "kind", "direction"}
    check(all(any(v for k, v in h.items() if k not in plain) for h in first["hops"]),
          "every hop carries its evidence")
    hop = first["hops"][0]
    check(hop["kind"] != "regulation" or (hop["regulation"]["sources"] and hop["regulation"]["pmids"]),
          "a regulation hop names its sources and PubMed ids")

    regulators = answer(await client.call_tool(
        "regulation", {"gene": "HMOX1", "direction": "regulators", "limit": 5}))
    check(regulators["data"]["edges"], "regulation: HMOX1 has regulators with evidence")

    res = await client.read_resource("locus://gene/9606/571")
    text = res.contents[0].text
    check('"BACH1"' in text, "the resource locus://gene/9606/571 reads as BACH1")

    edit = {
        "kind": "gene",
        "id": "BACH1",
        "markdown": "BACH1 is a transcriptional repressor of [[HMOX1]] [@pmid:11875067].",
        "comment": "agent test: one cited sentence",
        "citations": [11875067],
    }
    if not token_given or read_only:
        refused = await client.call_tool("propose_wiki_edit", edit)
        body = answer(refused)
        if read_only:
            check(refused.is_error and body["error"] == "forbidden",
                  "a wiki edit with a read token is refused", body["message"])
        else:
            check(refused.is_error and body["error"] == "unauthorized",
                  "a wiki edit without a token is refused", body["message"])
        return
    article = await client.call_tool("wiki_article", {"kind": "gene", "id": "BACH1"})
    if not article.is_error:
        edit["base_revision"] = answer(article)["article"]["current_revision"]
    saved = answer(await client.call_tool("propose_wiki_edit", edit))
    check(saved.get("revision", 0) > 0 and not saved.get("unchanged"),
          "a wiki edit with a token is saved", json.dumps(saved))
    after = answer(await client.call_tool("wiki_article", {"kind": "gene", "id": "BACH1"}))
    check(after["article"]["current_revision"] == saved["revision"]
          and "transcriptional repressor" in after["article"]["markdown"],
          "the article shows the saved revision")
    wiki = await client.read_resource(after["resource"])
    check(after["resource"] == "locus://gene/9606/571/wiki"
          and "transcriptional repressor" in wiki.contents[0].text,
          "the article reads as a resource", after["resource"])


def token_arg(i):
    """The token argument at `i`: (token, read_only)."""
    if len(sys.argv) <= i:
        return None, False
    t = sys.argv[i]
    return (t[len("read:"):], True) if t.startswith("read:") else (t, False)


async def main():
    mode = sys.argv[1]
    if mode == "stdio":
        binary, db = sys.argv[2], sys.argv[3]
        token, read_only = token_arg(4)
        args = ["mcp", "--db", db]
        env = {"LOCUS_TOKEN": token} if token else None
        server = StdioServerParameters(command=binary, args=args, env=env)
        async with Client(server) as client:
            await exercise(client, token is not None, read_only)
    elif mode == "http":
        url = sys.argv[2]
        token, read_only = token_arg(3)
        headers = {"Authorization": f"Bearer {token}"} if token else None
        async with create_mcp_http_client(headers=headers) as http:
            async with Client(streamable_http_client(url, http_client=http)) as client:
                await exercise(client, token is not None, read_only)
    else:
        sys.exit(f"unknown mode {mode}")


asyncio.run(main())
