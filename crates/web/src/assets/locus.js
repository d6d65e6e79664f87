// Locus: sortable tables, regulation table filters, the knowledge-graph
// view and search autocomplete. Pages work without it.
(function () {
  "use strict";

  // Sortable tables: click a header to sort; numbers sort numerically.
  function cellValue(td) {
    // A PubMed cell ("8051093 +5") sorts by how many ids it stands for.
    const pmids = td.querySelectorAll('a[href^="https://pubmed.ncbi.nlm.nih.gov/"]');
    if (pmids.length > 0) {
      const more = td.querySelector("a.more");
      return pmids.length + (more ? Number(more.textContent.replace("+", "")) || 0 : 0);
    }
    const v = td.dataset.sort !== undefined ? td.dataset.sort : td.textContent.trim();
    const n = Number(v.replace(/,/g, ""));
    return v !== "" && !Number.isNaN(n) ? n : v.toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.tabIndex = 0;
      const sort = function () {
        const asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (a, b) {
          const x = cellValue(a.cells[col]), y = cellValue(b.cells[col]);
          const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  });

  // GO evidence codes: each code's meaning, said once in the legend, as
  // the tooltip of every cell that shows it.
  document.querySelectorAll(".ev-legend dl").forEach(function (dl) {
    const meaning = {};
    dl.querySelectorAll("dt").forEach(function (dt) {
      const dd = dt.nextElementSibling;
      if (dd) meaning[dt.textContent.trim()] = dd.textContent.trim();
    });
    document.querySelectorAll("abbr.ev").forEach(function (a) {
      const m = meaning[a.textContent.trim()];
      if (m) a.title = m;
    });
  });

  // Regulation tables: filter rows by source and by small-scale evidence.
  // A table with every matching edge on the page (data-complete="1") is
  // filtered here, without a round trip: rows are hidden with the `hidden`
  // attribute, which travels with the row when the table is sorted, so
  // sorting and filtering compose. A longer, paged table is filtered on
  // the server: changing a control submits the form.
  document.querySelectorAll(".reg-filter").forEach(function (box) {
    const id = box.dataset.table || "";
    const table = id && document.querySelector("table#" + (window.CSS && CSS.escape ? CSS.escape(id) : id));
    const src = box.querySelector(".src-filter");
    const small = box.querySelector(".ss-filter");
    const shown = box.querySelector(".shown");
    const apply = box.querySelector("button.apply");
    if (box.dataset.complete !== "1" || !table || !table.tBodies[0]) {
      [src, small].forEach(function (c) {
        if (c) c.addEventListener("change", function () { box.submit(); });
      });
      return;
    }
    if (apply) apply.hidden = true;
    box.addEventListener("submit", function (e) { e.preventDefault(); });
    const sourcesOf = function (tr) {
      const cell = tr.querySelector("td.sources");
      return cell ? cell.textContent.split(", ") : [];
    };
    const filter = function () {
      const want = src ? src.value : "";
      const smallOnly = small ? small.checked : false;
      const rows = Array.from(table.tBodies[0].rows);
      let n = 0;
      rows.forEach(function (tr) {
        const ok = (!want || sourcesOf(tr).indexOf(want) >= 0) &&
          (!smallOnly || tr.querySelector("td.yes") !== null);
        tr.hidden = !ok;
        if (ok) n++;
      });
      if (shown) shown.textContent = "Showing " + n + " of " + rows.length;
    };
    if (src) src.addEventListener("change", filter);
    if (small) small.addEventListener("change", filter);
    // The browser may restore the controls' state on reload or back.
    filter();
  });

  // Knowledge-graph neighbourhood view (#kg-view), drawn with the vendored
  // Cytoscape.js.
  function kgView(root) {
    const canvas = root.querySelector(".kg-canvas");
    const status = root.querySelector(".kg-status");
    const source = root.querySelector(".kg-source");
    const kinds = Array.from(root.querySelectorAll(".kg-type"));
    const neighborsUrl = root.dataset.neighbors;
    const limit = root.dataset.limit || "40";
    const say = function (text) { if (status) status.textContent = text; };
    if (!canvas || !neighborsUrl) return;
    if (typeof window.cytoscape !== "function") {
      root.dataset.error = "no-cytoscape";
      say("The graph view could not start: its drawing library (/static/cytoscape.min.js) did not load. The tables above and the API list every edge.");
      return;
    }
    // Cytoscape adds a <style> element for its container unless one with this
    // id exists; the page's CSP (style-src 'self') would block it, and
    // locus.css carries the one rule it holds (.kg-canvas is position: relative).
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      const marker = document.createElement("meta");
      marker.id = "__________cytoscape_stylesheet";
      document.head.appendChild(marker);
    }
    const controls = root.querySelector(".kg-controls") || root;
    controls.appendChild(kgZoomButtons());
    const offered = kinds.map(function (k) { return k.value; });
    if (root.dataset.kind && root.dataset.kind !== "gene") offered.push("centre-term");
    canvas.insertAdjacentElement("afterend", kgLegend(offered));

    const cy = window.cytoscape({
      container: canvas,
      style: KG_STYLE,
      userZoomingEnabled: false, // the wheel scrolls the page; zoom with the buttons
      boxSelectionEnabled: false,
      autounselectify: true,
      minZoom: 0.2,
      maxZoom: 3,
    });
    window.locusGraph = cy;

    cy.on("tap", "node", function (e) {
      const n = e.target;
      if (!n.hasClass("centre")) window.location = n.data("path");
    });
    cy.on("mouseover", "node", function (e) {
      const n = e.target;
      canvas.classList.add("kg-pointer");
      canvas.title = n.data("label") + (n.data("tax_id") === MOUSE ? " (mouse)" : "") +
        (n.data("kind") === "gene" ? "" : " (" + n.data("entity_id") + ")") +
        (n.hasClass("centre") ? "" : " · open its page");
      cy.elements().addClass("faded");
      n.closedNeighborhood().removeClass("faded").addClass("hl");
    });
    cy.on("mouseover", "edge", function (e) {
      const d = e.target.data();
      canvas.title = d.title;
    });
    cy.on("mouseout", "node, edge", function () {
      canvas.classList.remove("kg-pointer");
      canvas.removeAttribute("title");
      cy.elements().removeClass("faded hl");
    });

    // The whole drawing at zoom 1, or zoomed out to fit a narrow canvas.
    const home = function () {
      if (canvas.clientWidth >= KG_MIN_WIDTH) cy.viewport({ zoom: 1, pan: { x: 0, y: 0 } });
      else cy.fit(undefined, 4);
    };

    // The node itself; the API's answer replaces it with the full record.
    let centre = { entity: { kind: root.dataset.kind || "gene", id: root.dataset.id },
      label: root.dataset.label || root.dataset.id, path: window.location.pathname, tax_id: 0 };
    let seq = 0, aborter = null;
    const load = function () {
      const mine = ++seq;
      if (aborter) aborter.abort();
      aborter = typeof AbortController === "function" ? new AbortController() : null;
      const signal = aborter ? aborter.signal : undefined;
      root.removeAttribute("data-rendered");
      root.removeAttribute("data-error");
      root.setAttribute("aria-busy", "true");
      const types = kinds.filter(function (k) { return k.checked; }).map(function (k) { return k.value; });
      const src = source ? source.value : "";
      if (types.length === 0) {
        draw(centre, [], [], mine);
        say("Choose at least one kind of edge to draw.");
        return;
      }
      let filter = "&types=" + encodeURIComponent(types.join(","));
      if (src) filter += "&sources=" + encodeURIComponent(src);
      const json = function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      };
      say("Loading the neighbourhood…");
      fetch(neighborsUrl + "?limit=" + encodeURIComponent(limit) + filter, { signal: signal })
        .then(json)
        .then(function (nl) {
          const ids = [String(nl.node.entity.id)];
          nl.neighbors.forEach(function (n) {
            const id = String(n.node.entity.id);
            if (ids.indexOf(id) < 0) ids.push(id);
          });
          if (ids.length === 1) return { nl: nl, sg: { nodes: [], edges: [] } };
          return fetch("/api/v1/graph/subgraph?genes=" + ids.map(encodeURIComponent).join(",") + filter, { signal: signal })
            .then(json)
            .then(function (sg) { return { nl: nl, sg: sg }; });
        })
        .then(function (r) {
          if (mine !== seq) return;
          centre = r.nl.node;
          draw(centre, r.nl.neighbors, r.sg.edges, mine);
          if (r.nl.total === 0) {
            say("No knowledge-graph edges match these filters.");
          } else {
            say("Showing " + r.nl.shown + " of " + r.nl.total + (r.nl.total === 1 ? " neighbour" : " neighbours") + ", strongest evidence first " +
              "(regulation: number of sources and PubMed ids; STRING: combined score; diseases: sources and PubMed ids; GO: experimental evidence first)." +
              (r.nl.total > r.nl.shown ? " Hubs are trimmed so the view stays readable; the tables above and the API list every edge." : ""));
          }
        })
        .catch(function (err) {
          if (mine !== seq || (err && err.name === "AbortError")) return;
          root.removeAttribute("aria-busy");
          root.dataset.error = "fetch";
          const why = err && /^HTTP /.test(err.message) ? "the server answered " + err.message : "the server could not be reached";
          say("The knowledge-graph view could not be loaded (" + why + "). The tables above list the same edges; reload the page to try again.");
        });
    };
    const draw = function (gene, neighbors, edges, mine) {
      if (mine !== seq) return;
      cy.elements().remove();
      cy.add(kgElements(gene, neighbors, edges));
      cy.layout(kgLayout(cy, canvas)).run();
      home();
      root.removeAttribute("aria-busy");
      root.dataset.rendered = String(cy.nodes().length);
    };
    kinds.forEach(function (k) { k.addEventListener("change", load); });
    if (source) source.addEventListener("change", load);
    root.querySelectorAll(".kg-zoom button").forEach(function (b) {
      b.addEventListener("click", function () {
        const step = b.dataset.zoom;
        if (step === "reset") { home(); return; }
        const z = cy.zoom() * (step === "in" ? 1.25 : 0.8);
        cy.zoom({ level: z, renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } });
      });
    });
    let resizeTimer = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () {
        cy.resize();
        cy.layout(kgLayout(cy, canvas)).run();
        home();
      }, 150);
    });
    load();
  }

  const MOUSE = 10090;
  const KG_MIN_WIDTH = 640;
  const KG_STYLE = [
    { selector: "node", style: {
      "background-color": "#e8f0fe", "border-color": "#1f6feb", "border-width": 1.5,
      width: 22, height: 22, label: "data(label)", color: "#1d2433",
      "font-family": "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\", sans-serif",
      "font-size": 13, "text-valign": "bottom", "text-margin-y": 3,
      "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1,
      "min-zoomed-font-size": 6,
    } },
    { selector: "node.mouse", style: { shape: "diamond", "background-color": "#fff4e0", "border-color": "#b7791f", width: 26, height: 26 } },
    { selector: "node.other", style: { shape: "round-rectangle", "background-color": "#eef1f6", "border-color": "#5b6475" } },
    { selector: "node.centre", style: {
      width: 40, height: 40, "background-color": "#1f6feb", "border-color": "#0f1b2d", "border-width": 2,
      "font-size": 15, "font-weight": 700, "text-margin-y": 4,
    } },
    { selector: "node.centre.mouse", style: { "background-color": "#b7791f", "border-color": "#5c3d0f" } },
    { selector: "node.disease", style: { shape: "hexagon", "background-color": "#fde8e6", "border-color": "#c0392b", width: 26, height: 24 } },
    { selector: "node.phenotype", style: { shape: "round-triangle", "background-color": "#f3e8fd", "border-color": "#7b3fb5", width: 24, height: 24 } },
    { selector: "node.go_term", style: { shape: "round-rectangle", "background-color": "#eef6ea", "border-color": "#4b7f3a", width: 26, height: 18 } },
    { selector: "node.chemical", style: { shape: "diamond", "background-color": "#edf7e6", "border-color": "#6aa84f", width: 24, height: 24 } },
    { selector: "node.centre.disease", style: { "background-color": "#c0392b", "border-color": "#6e1f17", width: 44, height: 40 } },
    { selector: "node.centre.phenotype", style: { "background-color": "#7b3fb5", "border-color": "#3f1f5e", width: 40, height: 40 } },
    { selector: "node.centre.go_term", style: { "background-color": "#4b7f3a", "border-color": "#25401c", width: 46, height: 30 } },
    { selector: "edge", style: {
      width: "data(width)", "curve-style": "bezier", "line-color": "#3d5a80", opacity: 0.75,
      "arrow-scale": 0.9,
    } },
    { selector: "edge.rim", style: { opacity: 0.35 } },
    { selector: "edge.regulation", style: { "target-arrow-shape": "triangle", "target-arrow-color": "#3d5a80" } },
    { selector: "edge.interaction", style: { "line-color": "#2f9e6f", "line-style": "dashed", "line-dash-pattern": [6, 3] } },
    { selector: "edge.orthology", style: { "line-color": "#b7791f", "line-style": "dotted" } },
    { selector: "edge.disease", style: { "line-color": "#c0392b" } },
    { selector: "edge.phenotype", style: { "line-color": "#7b3fb5" } },
    { selector: "edge.go_annotation", style: { "line-color": "#4b7f3a" } },
    { selector: "edge.co_mention", style: { "line-color": "#8a94a6", "line-style": "dashed", "line-dash-pattern": [2, 4] } },
    { selector: "edge.disease_co_mention", style: { "line-color": "#e08e84", "line-style": "dashed", "line-dash-pattern": [2, 4] } },
    { selector: "edge.chemical_co_mention", style: { "line-color": "#6aa84f", "line-style": "dashed", "line-dash-pattern": [2, 4] } },
    { selector: ".faded", style: { opacity: 0.12 } },
    { selector: "edge.hl", style: { opacity: 1, "z-index": 10 } },
    { selector: "node.hl", style: { opacity: 1 } },
  ];

  // Nodes (centre first, then neighbours in the API's strongest-first
  // order) and every edge among them, with widths normalised per kind.
  // Ring order of neighbours by the edge that reaches them.
  const KG_GROUP = { interaction: 2, orthology: 3, disease: 4, phenotype: 5, go_annotation: 6, co_mention: 7, disease_co_mention: 8, chemical_co_mention: 9 };
  const key = function (entity) { return entity.kind + ":" + entity.id; };

  function kgElements(centre, neighbors, edges) {
    const nodes = new Map();
    const addNode = function (g, rank, group) {
      const k = key(g.entity);
      if (nodes.has(k)) return;
      const kind = g.entity.kind;
      const cls = [kind !== "gene" ? kind : g.tax_id === MOUSE ? "mouse" : g.tax_id === 9606 || !g.tax_id ? "human" : "other"];
      if (rank === 0) cls.push("centre");
      nodes.set(k, { group: "nodes", classes: cls.join(" "),
        data: { id: "n" + nodes.size, kind: kind, entity_id: g.entity.id, path: g.path, label: g.label,
          tax_id: g.tax_id, rank: rank, group: group } });
    };
    addNode(centre, 0, 0);
    neighbors.forEach(function (n, i) {
      addNode(n.node, i + 1, n.edge.kind === "regulation" ? (n.direction === "regulated_by" ? 0 : 1) :
        KG_GROUP[n.edge.kind] || 7);
    });
    const range = {};
    edges.forEach(function (e) {
      const r = range[e.kind] || (range[e.kind] = { lo: e.strength, hi: e.strength });
      r.lo = Math.min(r.lo, e.strength); r.hi = Math.max(r.hi, e.strength);
    });
    const out = Array.from(nodes.values());
    const centreKey = key(centre.entity);
    edges.forEach(function (e) {
      const a = nodes.get(key(e.from)), b = nodes.get(key(e.to));
      if (!a || !b) return;
      const r = range[e.kind];
      const t = r.hi > r.lo ? (e.strength - r.lo) / (r.hi - r.lo) : 0.5;
      const arrow = e.kind === "regulation" ? " → " : " — ";
      // Edges among neighbours are drawn lighter and thinner than the gene's own.
      const rim = key(e.from) !== centreKey && key(e.to) !== centreKey;
      out.push({ group: "edges", classes: e.kind + (rim ? " rim" : ""), data: {
        id: e.kind + ":" + a.data.id + ":" + b.data.id, source: a.data.id, target: b.data.id,
        width: rim ? 1 + 1.5 * t : 1 + 3 * t, strength: e.strength, kind: e.kind,
        title: a.data.label + arrow + b.data.label + " · " + e.kind.replace("_", " ") + " · " + e.sources.join(", "),
      } });
    });
    return out;
  }

  // Concentric rings, computed here rather than by a Cytoscape layout so the
  // drawing fills the canvas at zoom 1 and labels keep their size: the gene
  // in the middle, its strongest third of neighbours on an inner ring, the
  // rest on an outer ring, both ellipses shaped like the canvas. Around each
  // ring, clockwise from the top: regulators, targets, interaction partners,
  // orthologs, each strongest first. Deterministic: the API orders neighbours.
  function kgLayout(cy, canvas) {
    // Narrow canvases (phones) get a wider drawing, shown zoomed out (see kgView).
    const w = Math.max(canvas.clientWidth, KG_MIN_WIDTH), h = Math.max(canvas.clientHeight, 240);
    const cx = w / 2, cyy = h / 2 - 8;
    const rx = w / 2 - 70, ry = h / 2 - 40; // room for labels at the edges
    const others = cy.nodes().filter(function (n) { return !n.hasClass("centre"); })
      .sort(function (a, b) { return a.data("rank") - b.data("rank"); });
    const n = others.length;
    const split = n > 14 ? Math.ceil(n / 3) : n;
    const rings = [others.slice(0, split), others.slice(split)];
    const pos = {};
    cy.nodes(".centre").forEach(function (c) { pos[c.id()] = { x: cx, y: cyy }; });
    rings.forEach(function (ring, k) {
      if (ring.length === 0) return;
      const order = ring.sort(function (a, b) { return a.data("group") - b.data("group") || a.data("rank") - b.data("rank"); });
      // A lone ring grows with its size; with two, the inner one sits halfway.
      const f = rings[1].length ? (k === 0 ? 0.5 : 1) : Math.min(1, 0.4 + n / 20);
      const start = n <= 2 ? Math.PI : -Math.PI / 2; // one or two neighbours: side by side
      const step = 2 * Math.PI / ring.length;
      const offset = k === 1 ? step / 2 : 0; // outer ring staggered against the inner one
      order.forEach(function (node, i) {
        const a = start + offset + i * step;
        pos[node.id()] = { x: cx + f * rx * Math.cos(a), y: cyy + f * ry * Math.sin(a) };
      });
    });
    return { name: "preset", fit: false, animate: false, zoom: 1, pan: { x: 0, y: 0 },
      positions: function (node) { return pos[node.id()]; } };
  }

  function kgLegend(kinds) {
    const list = document.createElement("ul");
    list.className = "kg-legend";
    list.setAttribute("aria-label", "Legend");
    const shown = function (k) { return kinds.indexOf(k) >= 0; };
    [["node human", "Human gene"], ["node mouse", "Mouse gene"], ["node centre", "This " + (shown("centre-term") ? "term" : "gene")],
     ["node disease", "Disease", "disease"], ["node phenotype", "Phenotype (HPO)", "phenotype"], ["node go_term", "GO term", "go_annotation"],
     ["edge regulation", "Regulation (TF → target)", "regulation"], ["edge interaction", "Protein interaction (STRING)", "interaction"],
     ["edge orthology", "Orthology", "orthology"], ["edge disease", "Gene–disease association", "disease"],
     ["edge phenotype", "Gene–phenotype (HPO)", "phenotype"], ["edge go_annotation", "GO annotation", "go_annotation"],
     ["node chemical", "Chemical (MeSH)", "chemical_co_mention"],
     ["edge co_mention", "Named together in a sentence", "co_mention"], ["edge disease_co_mention", "Gene and disease named together", "disease_co_mention"],
     ["edge chemical_co_mention", "Gene and chemical named together", "chemical_co_mention"],
     ["edge width", "Wider = stronger evidence"]].filter(function (item) {
      return !item[2] || shown(item[2]);
    }).forEach(function (item) {
      const li = document.createElement("li");
      const sw = document.createElement("span");
      sw.className = "sw " + item[0];
      sw.setAttribute("aria-hidden", "true");
      li.appendChild(sw);
      li.appendChild(document.createTextNode(item[1]));
      list.appendChild(li);
    });
    return list;
  }

  function kgZoomButtons() {
    const zoom = document.createElement("span");
    zoom.className = "kg-zoom";
    [["out", "−", "Zoom out"], ["in", "+", "Zoom in"], ["reset", "Reset", "Back to the whole graph"]].forEach(function (z) {
      const b = document.createElement("button");
      b.type = "button"; b.dataset.zoom = z[0]; b.textContent = z[1]; b.title = z[2];
      b.setAttribute("aria-label", z[2]);
      zoom.appendChild(b);
    });
    return zoom;
  }

  // Cytoscape.js may be loaded after this script, so the view starts once
  // the document and every deferred script have run.
  (function () {
    const root = document.getElementById("kg-view");
    if (!root) return;
    let started = false;
    const start = function () { if (!started) { started = true; kgView(root); } };
    if (document.readyState === "complete") start();
    else {
      document.addEventListener("DOMContentLoaded", start);
      window.addEventListener("load", start);
    }
  })();

  // Autocomplete on the header search box.
  const input = document.getElementById("q");
  const list = document.getElementById("ac-list");
  if (!input || !list) return;
  // One ranked list over every kind's names and identifiers
  // (/api/v1/search/all, text=false: answered from memory); each item is
  // {label, detail, url}. Enter opens the search page, which adds words
  // in texts.
  let items = [], active = -1, timer = null, seq = 0;
  const BADGE = { gene: "", disease: "disease", phenotype: "phenotype", go_term: "GO term", chemical: "chemical",
    publication: "paper", generif: "GeneRIF", article: "article" };
  function fromHit(h) {
    const text = (h.detail || "").replace(/[\u0002\u0003]/g, "");
    const badge = BADGE[h.kind];
    return { label: h.label, url: h.path, detail: badge ? badge + " · " + text : text };
  }
  function render() {
    list.textContent = "";
    items.forEach(function (h, i) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      const a = document.createElement("span"); a.className = "sym"; a.textContent = h.label;
      const n = document.createElement("span"); n.className = "nm"; n.textContent = h.detail;
      li.appendChild(a); li.appendChild(n);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location = h.url; });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { items = []; render(); return; }
    timer = setTimeout(function () {
      const mine = ++seq;
      fetch("/api/v1/search/all?limit=8&text=false&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) { if (mine === seq) { items = hits.map(fromHit); active = -1; render(); } })
        .catch(function () {});
    }, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, -1); render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location = items[active].url; }
    else if (e.key === "Escape") { items = []; render(); }
  });
  input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
})();
