// The HTML report's page script (hardhat-parallel). It draws the PageData document (see
// ../page-data.ts) embedded in the page, or, on the live dashboard, fetched from it every second.
// Every string from the data goes into the page as text (textContent), never as markup.
/* global cytoscape, cytoscapeDagre, uPlot */
"use strict";

(function () {
  const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"];
  const CRITICAL = "#d62728";
  const state = { data: null, tab: 0, block: null, processors: null, selected: null, cy: null, contracts: new Map() };
  const api = { data: () => state.data, graph: () => state.cy, renders: 0 };
  window.hardhatParallelReport = api;

  // ---- small DOM helpers -------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) if (child) node.append(child instanceof Node ? child : String(child));
    return node;
  }
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  const num = (x) => (typeof x === "number" ? x.toLocaleString("en-US") : String(x));
  const times = (x) => (typeof x === "number" ? `${x.toFixed(2)}×` : "–");
  const short = (hex) => (typeof hex === "string" && hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex);
  function shortName(name) {
    return String(name).replace(/0x[0-9a-f]{40,64}/gi, (hex) => short(hex));
  }
  function colorOf(contract) {
    if (!state.contracts.has(contract)) state.contracts.set(contract, PALETTE[state.contracts.size % PALETTE.length]);
    return state.contracts.get(contract);
  }

  // ---- page --------------------------------------------------------------------------------------
  function render() {
    const data = state.data;
    api.graphReady = false;
    const root = document.getElementById("app");
    root.replaceChildren();
    root.append(el("header", {}, el("h1", {}, data.title), el("p", { class: "dim" }, data.generator)));
    const tabs = data.scenarios.map((s) => s.name);
    if (data.suite) tabs.push("Test suite");
    if (tabs.length === 0) {
      root.append(el("p", {}, "Nothing to show yet: no block has been analysed."));
      return done();
    }
    if (state.tab >= tabs.length) state.tab = 0;
    root.append(
      el(
        "nav",
        {},
        tabs.map((name, i) =>
          el("button", { class: i === state.tab ? "tab active" : "tab", onclick: () => selectTab(i) }, name),
        ),
      ),
    );
    const scenario = data.scenarios[state.tab];
    if (scenario) renderScenario(root, scenario);
    else renderSuite(root, data.suite);
    done();
  }
  function done() {
    api.renders++;
    document.body.dataset.ready = String(api.renders);
  }
  function selectTab(i) {
    state.tab = i;
    state.block = null;
    state.selected = null;
    render();
  }

  function renderScenario(root, scenario) {
    const s = scenario.summary;
    const cards = [
      ["Transactions", num(s.transactions)],
      ["Blocks", num(scenario.blocks.length)],
      ["Conflict rate", pct(s.conflictRate)],
      ["Contract conflict rate", pct(s.contractConflictRate)],
      ["Parallelizability score", s.score.toFixed(3)],
      ["Ideal speedup S∞", times(s.idealSpeedup)],
      ...s.schedules.map((k) => [`S${k.processors} (${k.processors} workers)`, times(k.speedup)]),
    ];
    if (scenario.execution) {
      const e = scenario.execution;
      cards.push([`Measured on ${e.workers} workers`, times(e.speedup)]);
      cards.push(["Re-executions", num(e.reexecutions)]);
      cards.push(["Mismatches with EDR", num(e.mismatches)]);
    }
    root.append(el("section", { id: "overview" }, el("h2", {}, "Overview"), cardGrid(cards), speedupCurve(scenario)));
    if (state.data.timeline && state.data.timeline.length > 0) root.append(timelineSection(state.data.timeline));
    if (scenario.blocks.length > 0) root.append(blockSection(scenario));
    root.append(
      el(
        "section",
        { id: "tables" },
        el("h2", {}, "Contracts"),
        sortableTable(
          "contracts",
          figureColumns("Contract", (r) => r.name, [["Blocks", (r) => r.blocks]]),
          scenario.contracts,
        ),
        el("h2", {}, "Functions"),
        sortableTable(
          "functions",
          figureColumns("Function", (r) => r.name, [
            ["Blocks", (r) => r.blocks],
            ["Frames", (r) => r.frames],
          ]),
          scenario.functions,
        ),
      ),
    );
    root.append(hotspotSection(scenario.hotspots));
  }

  function cardGrid(cards) {
    return el(
      "div",
      { class: "cards" },
      cards.map(([label, value]) =>
        el("div", { class: "card" }, el("div", { class: "value" }, value), el("div", { class: "label" }, label)),
      ),
    );
  }

  // ---- speedup curve and timeline (uPlot) ----------------------------------------------------------
  function speedupCurve(scenario) {
    const box = el("div", { class: "chart", id: "speedup-curve" }, el("h3", {}, "Speedup S_k against k workers"));
    const points = scenario.summary.schedules.map((k) => [k.processors, k.speedup]);
    const measured = scenario.execution ? [scenario.execution.workers, scenario.execution.speedup] : null;
    const xs = [...new Set([1, ...points.map((p) => p[0]), ...(measured ? [measured[0]] : [])])].sort((a, b) => a - b);
    const predicted = xs.map((x) => (x === 1 ? 1 : (points.find((p) => p[0] === x) || [0, null])[1]));
    const ideal = xs.map((x) => Math.min(x, scenario.summary.idealSpeedup));
    const series = [
      { label: "k" },
      { label: "predicted S_k", stroke: PALETTE[0], width: 2, points: { show: true } },
      { label: "min(k, S∞)", stroke: "#999", dash: [4, 4] },
    ];
    const data = [xs, predicted, ideal];
    if (measured) {
      series.push({ label: "measured", stroke: CRITICAL, width: 0, points: { show: true, size: 9, fill: CRITICAL } });
      data.push(xs.map((x) => (x === measured[0] ? measured[1] : null)));
    }
    plot(box, series, data, "workers (k)", "speedup");
    return box;
  }

  function timelineSection(timeline) {
    const box = el("section", { id: "timeline" }, el("h2", {}, "Blocks over time"));
    const xs = timeline.map((p) => p.block);
    const series = [
      { label: "block" },
      { label: "predicted speedup", stroke: PALETTE[0], width: 2, scale: "x1" },
      {
        label: "measured speedup",
        stroke: CRITICAL,
        width: 0,
        points: { show: true, size: 7, fill: CRITICAL },
        scale: "x1",
      },
      {
        label: "conflict rate",
        stroke: PALETTE[1],
        width: 2,
        scale: "rate",
        value: (u, v) => (v === null ? "–" : pct(v)),
      },
    ];
    const data = [
      xs,
      timeline.map((p) => p.predictedSpeedup),
      timeline.map((p) => p.measuredSpeedup),
      timeline.map((p) => p.conflictRate),
    ];
    plot(box, series, data, "block", "speedup", true);
    return box;
  }

  function plot(box, series, data, xLabel, yLabel, withRate) {
    if (typeof uPlot !== "function") return;
    const axes = [{ label: xLabel }, { label: yLabel, scale: withRate ? "x1" : "y" }];
    if (withRate)
      axes.push({
        side: 1,
        scale: "rate",
        label: "conflict rate",
        grid: { show: false },
        values: (u, v) => v.map(pct),
      });
    const options = {
      width: 560,
      height: 240,
      scales: { x: { time: false }, ...(withRate ? { rate: { range: [0, 1] } } : {}) },
      series,
      axes,
      legend: { live: false },
    };
    // uPlot draws once its box is in the page.
    requestAnimationFrame(() => new uPlot(options, data, box));
  }

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
        `ran on the ${block.ran.on}${block.ran.speedup === null ? "" : `, ${times(block.ran.speedup)} against sequential`}`,
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
      el("p", { class: "dim" }, "Click a transaction to see its reads and writes."),
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
            label: `${n.function} ×${n.transactions}`,
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
      el("span", { class: "swatch" }, el("i", { style: `background:${CRITICAL}` }), "critical path"),
    );
    if (state.cy) state.cy.destroy();
    const cy = cytoscape({
      container,
      elements,
      wheelSensitivity: 0.3,
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
          ? { name: "dagre", rankDir: "LR", nodeSep: 14, rankSep: 70 }
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

  function variableLabel(keys) {
    const variables = [...new Set(keys.map((k) => k.replace(/\[.*$/, "")))];
    return variables.length <= 2
      ? variables.join(", ")
      : `${variables.slice(0, 2).join(", ")} +${variables.length - 2}`;
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

  // ---- schedules (Gantt, SVG) ----------------------------------------------------------------------
  function scheduleSection(block) {
    const counts = block.predicted.map((p) => p.processors);
    if (state.processors === null || !counts.includes(state.processors))
      state.processors = counts.includes(4) ? 4 : counts[0];
    const box = el("div", { id: "schedule" });
    const select = el(
      "select",
      { id: "processors-select", onchange: (e) => ((state.processors = Number(e.target.value)), drawSchedules()) },
      counts.map((k) => el("option", { value: k, selected: k === state.processors }, `${k} workers`)),
    );
    const drawSchedules = () => {
      const predicted = block.predicted.find((p) => p.processors === state.processors);
      const parts = [
        el("h3", {}, "Schedule on ", select, " (predicted from the graph: list scheduling by gas)"),
        gantt(
          block,
          predicted.spans.map(([tx, row, start, end]) => ({ tx, row, start, end, again: false })),
          state.processors,
          predicted.makespanGas,
          "gas",
          "predicted",
        ),
      ];
      if (block.measured) {
        const m = block.measured;
        const rows = m.workers + (m.spans.some((s) => s[2] < 0) ? 1 : 0);
        const offset = rows - m.workers;
        parts.push(
          el(
            "h3",
            {},
            `As the executor ran it: ${m.workers} workers, ${m.wallMs.toFixed(1)} ms, ${times(m.speedup)} against sequential ` +
              `(re-executions hatched${m.fellBack ? "; the scheduler fell back to sequential mode: the main thread ran transactions" : ""})`,
          ),
          gantt(
            block,
            m.spans.map(([tx, incarnation, worker, start, end]) => ({
              tx,
              row: worker + offset,
              start,
              end,
              again: incarnation > 1,
            })),
            rows,
            Math.max(m.wallMs, ...m.spans.map((s) => s[4])),
            "ms",
            "measured",
            offset === 1 ? "main" : null,
          ),
        );
      }
      box.replaceChildren(...parts);
    };
    drawSchedules();
    return box;
  }

  function gantt(block, bars, rows, span, unit, id, firstRowLabel) {
    const width = 900;
    const rowHeight = 18;
    const left = 64;
    const height = rows * rowHeight + 28;
    const scale = (width - left - 10) / Math.max(span, 1e-9);
    const critical = new Set(block.criticalPath);
    const chart = svg("svg", { class: "gantt", id: `gantt-${id}`, width, height, viewBox: `0 0 ${width} ${height}` });
    chart.append(
      svg(
        "defs",
        {},
        svg(
          "pattern",
          { id: `hatch-${id}`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
          svg("rect", { width: 3, height: 6, fill: "rgba(0,0,0,0.45)" }),
        ),
      ),
    );
    for (let r = 0; r < rows; r++) {
      const label = r === 0 && firstRowLabel ? firstRowLabel : `worker ${r - (firstRowLabel ? 1 : 0) + 1}`;
      chart.append(svg("text", { x: 4, y: r * rowHeight + 13, class: "axis" }, label));
      chart.append(
        svg("line", { x1: left, x2: width - 10, y1: (r + 1) * rowHeight, y2: (r + 1) * rowHeight, class: "grid" }),
      );
    }
    for (const bar of bars) {
      const tx = block.transactions[bar.tx];
      const x = left + bar.start * scale;
      const w = Math.max(1, (bar.end - bar.start) * scale);
      const y = bar.row * rowHeight + 2;
      const title = svg(
        "title",
        {},
        `#${bar.tx} ${tx.contract}.${tx.function}${bar.again ? " (re-execution)" : ""}: ${bar.start.toFixed(unit === "ms" ? 3 : 0)}–${bar.end.toFixed(unit === "ms" ? 3 : 0)} ${unit}`,
      );
      const rect = svg(
        "rect",
        {
          x,
          y,
          width: w,
          height: rowHeight - 4,
          fill: colorOf(tx.contract),
          class: critical.has(bar.tx) ? "bar critical" : "bar",
          "data-tx": bar.tx,
          onclick: () => selectFromSchedule(block, bar.tx),
        },
        title,
      );
      chart.append(rect);
      if (bar.again)
        chart.append(
          svg("rect", {
            x,
            y,
            width: w,
            height: rowHeight - 4,
            fill: `url(#hatch-${id})`,
            class: "again",
            "pointer-events": "none",
          }),
        );
    }
    chart.append(svg("text", { x: left, y: height - 6, class: "axis" }, `0 ${unit}`));
    chart.append(
      svg(
        "text",
        { x: width - 10, y: height - 6, class: "axis", "text-anchor": "end" },
        `${num(Math.round(span * 1000) / 1000)} ${unit}`,
      ),
    );
    return chart;
  }

  function selectFromSchedule(block, index) {
    const details = document.getElementById("details");
    if (details && !block.groups) showTransaction(block, index, details);
  }

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

  // ---- start -------------------------------------------------------------------------------------------
  function start() {
    const embedded = JSON.parse(document.getElementById("page-data").textContent);
    state.data = embedded;
    render();
    const live = document.body.dataset.live;
    if (live) {
      let last = "";
      const poll = async () => {
        try {
          const response = await fetch(live, { cache: "no-store" });
          const text = await response.text();
          if (text !== last) {
            last = text;
            state.data = JSON.parse(text);
            render();
          }
          document.getElementById("status").textContent = `live · updated ${new Date().toLocaleTimeString()}`;
        } catch (error) {
          document.getElementById("status").textContent = `live · node not reachable (${error.message})`;
        }
        setTimeout(poll, 1000);
      };
      poll();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
