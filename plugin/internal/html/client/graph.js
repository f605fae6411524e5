// The HTML report's page script: one block: its conflict graph (cytoscape + dagre) and a transaction's details.
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

// ---- one block: graph, details, schedules ----------------------------------------------------------
function blockSection(scenario) {
  const blocks = scenario.blocks;
  if (state.block === null || !blocks.some((b) => b.number === state.block)) {
    state.block = state.data.timeline ? blocks[blocks.length - 1].number : blocks[0].number;
  }
  const block = blocks.find((b) => b.number === state.block);
  const select = el(
    "select",
    {
      id: "block-select",
      onchange: (e) => ((state.block = Number(e.target.value)), (state.selected = null), render()),
    },
    blocks.map((b) =>
      el(
        "option",
        { value: b.number, selected: b.number === state.block },
        `block ${b.number}: ${b.transactions.length} tx, conflict rate ${pct(b.figures.conflictRate)}, score ${b.figures.score.toFixed(2)}`,
      ),
    ),
  );
  const f = block.figures;
  const facts = [
    `${num(f.transactions)} transactions`,
    `${num(f.dependencies)} dependencies`,
    `conflict rate ${pct(f.conflictRate)}`,
    `score ${f.score.toFixed(3)}`,
    `critical path ${block.criticalPath.length} tx (${num(f.criticalPathGas)} of ${num(f.totalGas)} gas)`,
  ];
  if (block.ran)
    facts.push(
      (block.ran.on === "pool" ? "ran on the worker pool" : "ran sequentially") +
        (block.ran.speedup === null ? "" : `, ${times(block.ran.speedup)} against sequential`),
    );
  const section = el(
    "section",
    { id: "block" },
    el("h2", {}, "Block ", select),
    el("p", { class: "dim" }, facts.join(" · ")),
  );
  const graphBox = el("div", { id: "graph" });
  const details = el(
    "div",
    { id: "details" },
    el(
      "p",
      { class: "dim" },
      block.groups ? "Click a function to see its dependencies." : "Click a transaction to see its reads and writes.",
    ),
  );
  const legend = el("div", { class: "legend" });
  section.append(
    el("h3", {}, "Conflict graph"),
    block.groups
      ? el(
          "p",
          { class: "note" },
          `This block has ${num(block.transactions.length)} transactions: they are drawn grouped by function ` +
            "(one node per function, with its transaction count; an edge sums the dependencies between two functions).",
        )
      : el(
          "p",
          { class: "dim" },
          "Nodes are transactions coloured by contract; an edge points from a write to the later read that depends on it, labelled with the variable; the critical path is red.",
        ),
    legend,
    el("div", { class: "graph-row" }, graphBox, details),
  );
  section.append(scheduleSection(block));
  requestAnimationFrame(() => drawGraph(block, graphBox, details, legend));
  return section;
}

function drawGraph(block, container, details, legend) {
  if (typeof cytoscape !== "function") return;
  if (typeof cytoscapeDagre === "function" && !drawGraph.registered) {
    cytoscape.use(cytoscapeDagre);
    drawGraph.registered = true;
  }
  const critical = new Set(block.criticalPath);
  const criticalEdges = new Set(block.criticalPath.slice(1).map((to, i) => `${block.criticalPath[i]}-${to}`));
  let elements;
  if (block.groups) {
    elements = [
      ...block.groups.nodes.map((n) => ({
        data: {
          id: n.id,
          label: `${n.contract}.${n.function} ×${n.transactions}`,
          color: colorOf(n.contract),
          kind: "group",
          group: n,
        },
      })),
      ...block.groups.edges.map((e, i) => ({
        data: {
          id: `g${i}`,
          source: e.from,
          target: e.to,
          label: `${e.dependencies} · ${shortName(e.keys[0] || "")}`,
          kind: "group",
          group: e,
        },
      })),
    ];
  } else {
    elements = [
      ...block.transactions.map((tx) => ({
        data: {
          id: `t${tx.index}`,
          label: `#${tx.index} ${tx.function.replace(/\(.*$/, "")}`,
          color: colorOf(tx.contract),
          tx: tx.index,
        },
        classes: critical.has(tx.index) ? "critical" : "",
      })),
      ...block.edges.map((e) => ({
        data: {
          id: `e${e.from}-${e.to}`,
          source: `t${e.from}`,
          target: `t${e.to}`,
          label: shortName(variableLabel(e.keys)),
          from: e.from,
          to: e.to,
        },
        classes: [criticalEdges.has(`${e.from}-${e.to}`) ? "critical" : "", e.sameSender ? "sender" : ""].join(" "),
      })),
    ];
  }
  legend.replaceChildren(
    ...[...new Set((block.groups ? block.groups.nodes : block.transactions).map((n) => n.contract))].map((c) =>
      el("span", { class: "swatch" }, el("i", { style: `background:${colorOf(c)}` }), c),
    ),
    block.groups
      ? null
      : el("span", { class: "swatch" }, el("i", { style: `background:${CRITICAL}` }), "critical path"),
  );
  if (state.cy) state.cy.destroy();
  const cy = cytoscape({
    container,
    elements,
    wheelSensitivity: 0.3,
    maxZoom: 1.6, // a block of a few transactions is drawn at a readable size, not blown up to the box
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(color)",
          label: "data(label)",
          "font-size": 9,
          "min-zoomed-font-size": 6,
          color: "#222",
          "text-valign": "bottom",
          "text-margin-y": 2,
          width: 18,
          height: 18,
        },
      },
      { selector: "node.critical", style: { "border-width": 3, "border-color": CRITICAL } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      {
        selector: "edge",
        style: {
          width: 1.5,
          "line-color": "#aaa",
          "target-arrow-color": "#aaa",
          "target-arrow-shape": "triangle",
          "curve-style": "bezier",
          label: "data(label)",
          "font-size": 7,
          "min-zoomed-font-size": 6,
          color: "#555",
          "text-rotation": "autorotate",
          "text-margin-y": -7,
          "text-background-color": "#fff",
          "text-background-opacity": 0.8,
        },
      },
      { selector: "edge.sender", style: { "line-style": "dashed" } },
      { selector: "edge.critical", style: { width: 3, "line-color": CRITICAL, "target-arrow-color": CRITICAL } },
    ],
    layout: { name: "preset" },
  });
  layoutGraph(cy);
  cy.on("tap", "node", (event) => {
    const data = event.target.data();
    if (data.tx !== undefined) showTransaction(block, data.tx, details);
    else showGroup(block, data.group, details);
  });
  state.cy = cy;
  if (state.selected !== null && !block.groups) showTransaction(block, state.selected, details);
  api.graphReady = true;
}

// Transactions with dependencies: a DAG layout, left to right. Those without any: a grid below it,
// so that a block of mostly independent transactions does not become one tall column.
function layoutGraph(cy) {
  const linked = cy.nodes().filter((n) => n.degree(false) > 0);
  const alone = cy.nodes().filter((n) => n.degree(false) === 0);
  let bottom = 0;
  if (linked.length > 0) {
    const dag =
      typeof cytoscapeDagre === "function"
        ? { name: "dagre", rankDir: "LR", nodeSep: 14, rankSep: 110 }
        : { name: "breadthfirst" };
    linked
      .union(linked.edgesWith(linked))
      .layout({ ...dag, animate: false, fit: false })
      .run();
    foldWide(linked);
    bottom = linked.boundingBox().y2 + 60;
  }
  if (alone.length > 0) {
    const left = linked.length > 0 ? linked.boundingBox().x1 : 0;
    const width = Math.max(600, linked.length > 0 ? linked.boundingBox().w : 0);
    const columns = Math.max(1, Math.floor(width / 70));
    alone
      .sort((a, b) => a.data("tx") - b.data("tx"))
      .forEach((node, i) => {
        node.position({ x: left + (i % columns) * 70, y: bottom + Math.floor(i / columns) * 45 });
      });
  }
  cy.fit(undefined, 20);
}

// A long dependency chain laid out left to right is a thin line: cut it into bands stacked downwards.
function foldWide(nodes) {
  if (nodes.length === 0) return;
  const box = nodes.boundingBox();
  const band = Math.max(600, Math.sqrt(box.w * Math.max(box.h, 40) * 1.6));
  if (box.w <= band * 1.2) return;
  const gap = Math.max(box.h, 40) + 60;
  nodes.forEach((node) => {
    const { x, y } = node.position();
    const offset = x - box.x1;
    node.position({ x: box.x1 + (offset % band), y: y + Math.floor(offset / band) * gap });
  });
}

// The variables behind an edge, without their contract ("depositCount", "balances[…]" → "balances").
function variableLabel(keys) {
  const variables = [...new Set(keys.map((k) => k.replace(/\[.*$/, "").replace(/^[^.]*\./, "")))];
  return variables.length <= 2 ? variables.join(", ") : `${variables.slice(0, 2).join(", ")} +${variables.length - 2}`;
}

function showTransaction(block, index, details) {
  state.selected = index;
  const tx = block.transactions[index];
  const incoming = block.edges.filter((e) => e.to === index);
  const outgoing = block.edges.filter((e) => e.from === index);
  const list = (title, names, id) =>
    el(
      "div",
      { class: id },
      el("h4", {}, `${title} (${names ? names.length : 0})`),
      names
        ? el(
            "ul",
            {},
            names.map((n) => el("li", { title: n }, shortName(n))),
          )
        : el("p", { class: "dim" }, "not in this report (run with --html)"),
    );
  details.replaceChildren(
    el("h3", {}, `Transaction #${tx.index}`),
    el("p", {}, `${tx.contract}.${tx.function}`),
    el(
      "p",
      { class: "dim mono" },
      `${short(tx.hash)} from ${short(tx.from)} · ${num(tx.gasUsed)} gas · ${tx.status === 1 ? "success" : "reverted"}`,
    ),
    list("Writes", tx.writes, "writes"),
    list("Reads", tx.reads, "reads"),
    el("h4", {}, `Depends on (${incoming.length})`),
    el(
      "ul",
      {},
      incoming.map((e) => el("li", {}, `#${e.from}: ${e.keys.map(shortName).join(", ")}`)),
    ),
    el("h4", {}, `Depended on by (${outgoing.length})`),
    el(
      "ul",
      {},
      outgoing.slice(0, 50).map((e) => el("li", {}, `#${e.to}: ${e.keys.map(shortName).join(", ")}`)),
    ),
  );
  if (state.cy) {
    state.cy.elements().unselect();
    state.cy.$id(`t${index}`).select();
  }
}

function showGroup(block, group, details) {
  details.replaceChildren(
    el("h3", {}, `${group.contract}.${group.function}`),
    el("p", {}, `${num(group.transactions)} transactions, ${num(group.gasUsed)} gas`),
    el("h4", {}, "Dependencies from this function"),
    el(
      "ul",
      {},
      block.groups.edges
        .filter((e) => e.from === group.id)
        .map((e) => el("li", {}, `→ ${e.to}: ${e.dependencies} (${e.keys.map(shortName).join(", ")})`)),
    ),
  );
}
