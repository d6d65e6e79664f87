// Locus: sortable tables and search autocomplete. Pages work without it.
(function () {
  "use strict";

  // Sortable tables: click a header to sort; numbers sort numerically.
  function cellValue(td) {
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

  // Autocomplete on the header search box.
  const input = document.getElementById("q");
  const list = document.getElementById("ac-list");
  if (!input || !list) return;
  let items = [], active = -1, timer = null, seq = 0;
  function href(h) {
    return h.tax_id === 9606 && /^[A-Za-z0-9.-]+$/.test(h.symbol) ? "/genes/" + h.symbol : "/genes/" + h.gene_id;
  }
  function render() {
    list.textContent = "";
    items.forEach(function (h, i) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      const a = document.createElement("span"); a.className = "sym"; a.textContent = h.symbol;
      const n = document.createElement("span"); n.className = "nm";
      n.textContent = (h.name || "") + (h.alias ? " (alias " + h.alias + ")" : "") + (h.tax_id !== 9606 ? " · taxon " + h.tax_id : "");
      li.appendChild(a); li.appendChild(n);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location = href(h); });
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
      fetch("/api/v1/search?limit=8&q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) { if (mine === seq) { items = hits; active = -1; render(); } })
        .catch(function () {});
    }, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = Math.max(active - 1, -1); render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location = href(items[active]); }
    else if (e.key === "Escape") { items = []; render(); }
  });
  input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
})();
