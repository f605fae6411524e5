// The HTML report's page script: the speedup curve and the live timeline (uPlot).
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

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
