// The HTML report's page script: dom helpers, formats and shared state.
// ../page-html.ts joins the parts into one function scope, in its order; page.js starts the page.

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
