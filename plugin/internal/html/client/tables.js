// The HTML report's page script: sortable tables, hotspots, the test suite and its conflict matrix.
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

// ---- tables ----------------------------------------------------------------------------------------
function figureColumns(title, name, extra) {
  return [
    [title, name, "text"],
    ...extra,
    ["Transactions", (r) => r.figures.transactions],
    ["Conflict rate", (r) => r.figures.conflictRate, pct],
    ["Contract conflicts", (r) => r.figures.contractConflictRate, pct],
    ["Score", (r) => r.figures.score, (v) => v.toFixed(3)],
    ["S∞", (r) => r.figures.idealSpeedup, times],
    ["Gas", (r) => r.figures.totalGas, num],
  ];
}

function sortableTable(id, columns, rows) {
  const table = el("table", { class: "sortable", id: `table-${id}` });
  let sortBy = -1;
  let ascending = true;
  const body = el("tbody");
  const head = el(
    "tr",
    {},
    columns.map(([title], i) => el("th", { onclick: () => sort(i), title: "Click to sort" }, title)),
  );
  const fill = (list) => {
    body.replaceChildren(
      ...list.map((row) =>
        el(
          "tr",
          {},
          columns.map(([, get, format]) => {
            const value = get(row);
            return el(
              "td",
              { class: format === "text" ? "" : "num" },
              format && format !== "text"
                ? format(value)
                : typeof value === "number"
                  ? num(value)
                  : shortName(value ?? "–"),
            );
          }),
        ),
      ),
    );
  };
  const sort = (i) => {
    ascending = sortBy === i ? !ascending : columns[i][2] === "text";
    sortBy = i;
    const get = columns[i][1];
    const sorted = [...rows].sort((a, b) => {
      const x = get(a);
      const y = get(b);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    head.querySelectorAll("th").forEach((th, j) => (th.dataset.sort = j === i ? (ascending ? "asc" : "desc") : ""));
    fill(sorted);
  };
  fill(rows);
  table.append(el("thead", {}, head), body);
  return table;
}

// ---- hotspots --------------------------------------------------------------------------------------
function hotspotSection(hotspots) {
  const section = el("section", { id: "hotspots" }, el("h2", {}, `Hotspots (${hotspots.length})`));
  if (hotspots.length === 0)
    section.append(el("p", { class: "dim" }, "No key causes contention between different senders."));
  hotspots.forEach((h, i) => {
    const counts = (list) =>
      list.length === 0
        ? "–"
        : list
            .slice(0, 3)
            .map((c) => `${shortName(c.function)} ×${c.count}`)
            .join(", ");
    const item = el(
      "div",
      { class: "hotspot" },
      el("h3", {}, `${i + 1}. ${shortName(h.name)}`),
      el(
        "p",
        {},
        `${num(h.dependencies)} dependencies`,
        h.blocks > 0 ? ` in ${num(h.blocks)} blocks` : "",
        ` · writers: ${counts(h.writers)}`,
        h.readers.length > 0 ? ` · readers: ${counts(h.readers)}` : "",
      ),
      el(
        "p",
        { class: "dim" },
        h.sourceName === null
          ? "declaration unknown"
          : `declared at ${h.sourceName}${h.line === null ? "" : `:${h.line}`}`,
      ),
    );
    if (h.excerpt) {
      item.append(
        el(
          "pre",
          { class: "source" },
          h.excerpt.lines.map((line, j) => {
            const number = h.excerpt.firstLine + j;
            return el(
              "span",
              { class: number === h.line ? "line declared" : "line" },
              el("span", { class: "ln" }, String(number).padStart(4, " ")),
              ` ${line}\n`,
            );
          }),
        ),
      );
    }
    if (h.suggestion) item.append(el("p", { class: "suggestion" }, el("strong", {}, "Suggestion: "), h.suggestion));
    section.append(item);
  });
  return section;
}

// ---- test suite --------------------------------------------------------------------------------------
function renderSuite(root, suite) {
  root.append(
    el(
      "section",
      { id: "overview" },
      el("h2", {}, "Test suite"),
      cardGrid([
        ["Transactions mined", num(suite.transactions.mined)],
        ["Analysed", num(suite.transactions.analysed)],
        ["Not traced", num(suite.transactions.untraced)],
        ["Contracts", num(suite.contracts.length)],
        ["Functions", num(suite.functions.length)],
      ]),
    ),
    el(
      "section",
      { id: "tables" },
      el("h2", {}, "Contracts"),
      sortableTable(
        "suite-contracts",
        [
          ["Contract", (r) => r.name, "text"],
          ["Calls", (r) => r.calls],
          ["Senders", (r) => r.senders],
          ["Conflict rate", (r) => (r.figures ? r.figures.conflictRate : -1), (v) => (v < 0 ? "–" : pct(v))],
          ["Score", (r) => (r.figures ? r.figures.score : -1), (v) => (v < 0 ? "–" : v.toFixed(3))],
        ],
        suite.contracts,
      ),
      el("h2", {}, "Functions"),
      sortableTable(
        "suite-functions",
        [
          ["Function", (r) => r.function, "text"],
          ["Calls", (r) => r.calls],
          ["Senders", (r) => r.senders],
        ],
        suite.functions,
      ),
    ),
    matrixSection(suite.matrix),
    hotspotSection(suite.hotspots),
  );
}

function matrixSection(matrix) {
  const section = el("section", { id: "matrix" }, el("h2", {}, "Function conflict matrix"));
  if (matrix.length === 0) return (section.append(el("p", { class: "dim" }, "No two functions conflict.")), section);
  section.append(
    el(
      "p",
      { class: "dim" },
      "Row: the function that writes; column: the function (of another sender) that reads it. The colour is the number of shared keys.",
    ),
  );
  const writers = [...new Set(matrix.map((c) => c.writer))].sort();
  const readers = [...new Set(matrix.map((c) => c.reader))].sort();
  const max = Math.max(...matrix.map((c) => c.keys));
  const cell = new Map(matrix.map((c) => [`${c.writer}\n${c.reader}`, c]));
  const table = el("table", { class: "heatmap" });
  table.append(
    el(
      "tr",
      {},
      el("th", {}, "writer ↓ / reader →"),
      readers.map((r) => el("th", { class: "col" }, shortName(r))),
    ),
  );
  for (const w of writers) {
    table.append(
      el(
        "tr",
        {},
        el("th", {}, shortName(w)),
        readers.map((r) => {
          const c = cell.get(`${w}\n${r}`);
          if (!c) return el("td", {});
          const alpha = 0.15 + 0.85 * (c.keys / max);
          return el(
            "td",
            { style: `background: rgba(214,39,40,${alpha.toFixed(2)})`, title: c.variables.join(", ") },
            String(c.keys),
          );
        }),
      ),
    );
  }
  section.append(table);
  return section;
}
