// The HTML report's page script: the schedules: Gantt charts in SVG, predicted and measured.
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

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
          `As the executor ran it: ${m.workers} workers, ${m.wallMs.toFixed(1)} ms, ${times(m.speedup)} against sequential` +
            (m.fellBack ? " (the scheduler fell back to sequential mode: the main thread ran transactions)" : ""),
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
    parts.push(
      el(
        "p",
        { class: "gantt-legend" },
        "A bar is one execution of a transaction (#index), coloured by contract; red outline: on the critical path",
        block.measured ? "; hatched: a re-execution" : "",
        ". Hover a bar for its times; click it to see the transaction.",
      ),
    );
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
    if (w >= 26) {
      const label = svg("text", { x: x + 3, y: y + rowHeight - 8, class: "bar-label" }, `#${bar.tx}`);
      chart.append(label);
    }
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
