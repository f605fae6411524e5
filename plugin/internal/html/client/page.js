// The HTML report's page script: the page.
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.
// It draws the PageData document (see ../page-data.ts) embedded in the page, or, on the live
// dashboard, fetched from it every second. Every string from the data goes into the page as text
// (textContent), never as markup. window.hardhatParallelReport exposes the data and the graph.
/* global cytoscape, cytoscapeDagre, uPlot */

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
  if (!document.getElementById("graph")) api.graphReady = true; // nothing to lay out on this view
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
    ["Blocks", num(state.data.timeline ? state.data.timeline.length : scenario.blocks.length)],
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
  if (scenario.models) root.append(modelsSection(scenario.models));
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
        const response = await fetch(live, { cache: "no-cache" }); // revalidated: 304 while unchanged
        const text = await response.text();
        if (text !== last) {
          last = text;
          const next = JSON.parse(text);
          followLatest(next);
          state.data = next;
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
// Live: a page on the latest block (no transaction picked) moves on to the new latest block, and
// one whose block is no longer in the data too.
function followLatest(next) {
  const numbers = (data) => (data.scenarios[state.tab] ? data.scenarios[state.tab].blocks.map((b) => b.number) : []);
  const shown = numbers(state.data);
  const onLatest = state.block === null || (state.block === shown[shown.length - 1] && state.selected === null);
  if (onLatest || !numbers(next).includes(state.block)) {
    state.block = null;
    state.selected = null;
  }
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
