// The HTML report's page script: the execution models of a scenario (PageModels, ../models-page.ts).
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

// ---- execution models ------------------------------------------------------------------------------
const LIMITS = {
  threads: "total gas / k",
  dependencies: "the critical path of the model's graph",
  "largest-transaction": "the largest transaction",
  misses: "the critical path runs through a transaction whose declaration missed a key",
  "cross-shard": "the gas cross-shard transactions add to the shards they touch",
  "shard-load": "the most loaded shard",
  shards: "the shard count (no cross-shard transaction, even load)",
};
const modelView = { sharded: 0 };

function modelsSection(models) {
  const section = el("section", { id: "models" }, el("h2", {}, "Execution models"));
  section.append(
    el(
      "p",
      { class: "dim" },
      "Speedup S_k of the scenario's blocks on k threads under each kind of parallel EVM " +
        "(list scheduling of each model's dependency graph, by gas), and what bounds it at the largest k.",
    ),
    modelTable(models),
  );
  const k = models.scopeThreads;
  if (models.summary.length > 0) {
    section.append(
      modelChart(models),
      el("h3", {}, `Per contract and per function: S${k} under each model`),
      el("p", { class: "dim" }, `S${k}: the speedup on ${k} threads of the transactions of the contract (function).`),
      sortableTable("model-contracts", scopeColumns(models, "Contract"), models.contracts),
      sortableTable("model-functions", scopeColumns(models, "Function"), models.functions),
    );
  }
  if (models.sharded && models.sharded.length > 0) section.append(shardedPart(models.sharded));
  return section;
}

function modelTable(models) {
  const counts = state.data.processorCounts;
  const last = counts[counts.length - 1];
  const table = el("table", { id: "models-table", class: "models" });
  table.append(
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", {}, "Model"),
        el("th", {}, "Conflict rate"),
        counts.map((k) => el("th", {}, `S${k}`)),
        el("th", {}, `Limit at k = ${last}`),
        el("th", {}, "Notes"),
      ),
    ),
  );
  const body = el("tbody");
  for (const row of models.summary) {
    const at = (k) => row.speedups.find((s) => s.threads === k);
    const limit = at(last) ? at(last).limit : null;
    body.append(
      el(
        "tr",
        { "data-model": row.model },
        el("td", {}, row.title),
        el("td", { class: "num" }, pct(row.conflictRate)),
        counts.map((k) => el("td", { class: "num" }, at(k) ? times(at(k).speedup) : "–")),
        el("td", { class: `limit limit-${limit}`, title: limit ? LIMITS[limit] : "" }, limit ?? "–"),
        el("td", { class: "dim" }, modelNote(models, row)),
      ),
    );
  }
  if (models.shardedTitle) {
    const sharded = models.sharded || [];
    const cell = (k) => {
      const hash = sharded.find((s) => s.placement === "hash" && s.shards === k);
      const partition = sharded.find((s) => s.placement === "partition" && s.shards === k);
      if (!hash && !partition) return "–";
      return `${hash ? times(hash.speedup) : "–"} · ${partition ? times(partition.speedup) : "–"}`;
    };
    body.append(
      el(
        "tr",
        { "data-model": "sharded" },
        el("td", {}, models.shardedTitle),
        el("td", { class: "num" }, "–"),
        counts.map((k) => el("td", { class: "num" }, cell(k))),
        el("td", {}, "–"),
        el("td", { class: "dim" }, "k shards: hash · partition placement (Sharded, below)"),
      ),
    );
  }
  for (const u of models.unavailable) {
    body.append(
      el(
        "tr",
        { "data-model": u.model, class: "unavailable" },
        el("td", {}, u.title),
        el("td", { colspan: counts.length + 3, class: "dim" }, `unavailable: ${u.reason}`),
      ),
    );
  }
  table.append(body);
  const legend = el(
    "p",
    { class: "dim limits" },
    "Limit: ",
    ["threads", "dependencies", "largest-transaction", "misses"].flatMap((name, i) => [
      i > 0 ? " · " : "",
      el("strong", {}, name),
      `: ${LIMITS[name]}`,
    ]),
    ".",
  );
  return el("div", {}, table, legend);
}

function modelNote(models, row) {
  if (row.model === "bal" && models.builder) {
    const bytes = models.builder.balBytes;
    const bal = bytes === null ? "size unknown" : `${num(bytes)} bytes`;
    return `builder: sequential ${times(models.builder.speedup)}, BAL ${bal}`;
  }
  if (row.misses)
    return `misses: ${num(row.misses.transactions)} transactions, ${num(row.misses.wastedGas)} wasted gas`;
  return "";
}

function modelChart(models) {
  const box = el("div", { class: "chart", id: "models-chart" }, el("h3", {}, "Speedup S_k against k, per model"));
  const xs = [...new Set([1, ...state.data.processorCounts])].sort((a, b) => a - b);
  const series = [{ label: "k" }];
  const data = [xs];
  // Models often coincide: each line has its own dash, so that the one under it shows through its gaps.
  const DASHES = [[], [10, 5], [3, 4], [12, 4, 3, 4], [6, 6], [2, 8]];
  models.summary.forEach((row, i) => {
    series.push({
      label: row.model,
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      dash: DASHES[i % DASHES.length],
      points: { show: true, size: 6 },
    });
    data.push(xs.map((x) => (x === 1 ? 1 : (row.speedups.find((s) => s.threads === x) || { speedup: null }).speedup)));
  });
  series.push({ label: "k (linear)", stroke: "#999", dash: [4, 4] });
  data.push(xs);
  const top = Math.max(2, ...models.summary.flatMap((row) => row.speedups.map((s) => s.speedup)));
  if (typeof uPlot !== "function") return box;
  const options = {
    width: 720,
    height: 280,
    scales: { x: { time: false, distr: 3, log: 2 }, y: { range: () => [0, top * 1.1] } },
    series,
    axes: [{ label: "threads (k)", values: (u, v) => v.map(String) }, { label: "speedup" }],
    legend: { live: false },
  };
  // uPlot draws once its box is in the page.
  requestAnimationFrame(() => new uPlot(options, data, box));
  return box;
}

function scopeColumns(models, title) {
  return [
    [title, (r) => r.name, "text"],
    ["Transactions", (r) => r.transactions],
    ...models.scopeModels.map(({ model }, i) => [
      `S${models.scopeThreads} ${model}`,
      (r) => (r.speedups[i] === null ? -1 : r.speedups[i]),
      (v) => (v < 0 ? "–" : times(v)),
    ]),
  ];
}

// ---- sharded ---------------------------------------------------------------------------------------
function shardedPart(sharded) {
  const part = el("div", { id: "sharded" }, el("h3", {}, "Sharded"));
  part.append(
    el(
      "p",
      { class: "dim" },
      'Each contract instance on one shard (hash or partition placement: README, "Execution models"). ' +
        "A transaction touching several shards runs in full on each: duplication = Σ shard gas / total gas, " +
        "imbalance = max / mean shard gas, speedup = shards / (duplication × imbalance).",
    ),
    sortableTable(
      "sharded",
      [
        ["Placement", (r) => r.placement, "text"],
        ["Shards", (r) => r.shards],
        ["Transactions", (r) => r.transactions],
        ["Cross-shard", (r) => r.crossShardRate, pct],
        ["Duplication", (r) => r.duplication, times],
        ["Imbalance", (r) => r.imbalance, times],
        ["Speedup", (r) => r.speedup, times],
        ["Limit", (r) => r.limit, "text"],
      ],
      sharded,
    ),
  );
  if (modelView.sharded >= sharded.length) modelView.sharded = 0;
  const tables = el("div", { id: "sharded-tables" });
  const select = el(
    "select",
    { id: "sharded-select", onchange: (e) => ((modelView.sharded = Number(e.target.value)), fill()) },
    sharded.map((s, i) =>
      el("option", { value: i, selected: i === modelView.sharded }, `${s.placement}, ${s.shards} shards`),
    ),
  );
  const pulled = (list) =>
    list.length === 0
      ? "–"
      : list
          .slice(0, 3)
          .map((p) => `${p.contract} ×${p.transactions}`)
          .join(", ") + (list.length > 3 ? `, +${list.length - 3}` : "");
  const crossColumns = [
    ["Transactions", (r) => r.transactions],
    ["Cross-shard", (r) => r.crossShard],
    ["Cross-shard rate", (r) => r.crossShardRate, pct],
    ["Pulled across by", (r) => pulled(r.pulledBy), "text"],
  ];
  const fill = () => {
    const s = sharded[modelView.sharded];
    tables.replaceChildren(
      el("h4", {}, "Per contract"),
      sortableTable(
        "sharded-contracts",
        [
          ["Contract", (r) => r.name, "text"],
          ["On shards", (r) => r.shards.join(", "), "text"],
          ["Instances", (r) => r.instances],
          ...crossColumns,
        ],
        s.contracts,
      ),
      el("h4", {}, "Per function"),
      sortableTable("sharded-functions", [["Function", (r) => r.name, "text"], ...crossColumns], s.functions),
    );
  };
  fill();
  part.append(el("p", {}, el("label", {}, "Contracts and functions under ", select)), tables);
  return part;
}
