import type { PageData } from "./page-data.ts";

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** Library files inlined into every page: cytoscape (graph), cytoscape-dagre (DAG layout), uPlot (charts). */
const LIBRARIES: Array<{ pkg: string; file: string; kind: "script" | "style" }> = [
  { pkg: "cytoscape", file: "dist/cytoscape.min.js", kind: "script" },
  { pkg: "cytoscape-dagre", file: "dist/cytoscape-dagre.min.js", kind: "script" },
  { pkg: "uplot", file: "dist/uPlot.iife.min.js", kind: "script" },
  { pkg: "uplot", file: "dist/uPlot.min.css", kind: "style" },
];

const CLIENT = new URL("./client/", import.meta.url);

/** The page's own script, in parts joined in this order into one function scope (page.js starts it). */
const SCRIPT_PARTS = ["dom.js", "charts.js", "graph.js", "schedule.js", "tables.js", "models.js", "page.js"];

export interface PageOptions {
  /** The live dashboard: the URL (same origin) the page polls for fresh PageData. */
  liveUrl?: string;
}

/**
 * One self-contained HTML page: the libraries, the page's own script and styles, and the data, all
 * inline. Its Content-Security-Policy lets it load nothing (the live dashboard: fetch from its own origin).
 */
export async function renderPage(data: PageData, options: PageOptions = {}): Promise<string> {
  const [libraries, script, style] = await Promise.all([
    Promise.all(
      LIBRARIES.map(async (lib) => ({ ...lib, text: await readFile(libraryPath(lib.pkg, lib.file), "utf8") })),
    ),
    Promise.all(SCRIPT_PARTS.map((part) => readFile(new URL(part, CLIENT), "utf8"))).then(
      (parts) => `(function () {\n"use strict";\n${parts.join("\n")}\n})();\n`,
    ),
    readFile(new URL("report.css", CLIENT), "utf8"),
  ]);
  const connect = options.liveUrl === undefined ? "'none'" : "'self'";
  const csp = `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src ${connect}`;
  const styles = [...libraries.filter((lib) => lib.kind === "style").map((lib) => lib.text), style];
  const scripts = [...libraries.filter((lib) => lib.kind === "script").map((lib) => lib.text), script];
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(data.title)}</title>`,
    ...styles.map((text) => `<style>${inlineText(text)}</style>`),
    "</head>",
    options.liveUrl === undefined ? "<body>" : `<body data-live="${escapeHtml(options.liveUrl)}">`,
    options.liveUrl === undefined ? "" : '<div id="status">live</div>',
    '<div id="app"><p>Loading…</p></div>',
    `<script type="application/json" id="page-data">${inlineJson(data)}</script>`,
    ...scripts.map((text) => `<script>${inlineText(text)}</script>`),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** JSON that cannot end its <script> element nor open a comment: "<" is written as \u003c. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** Script or style text with every "</" written "<\/" (the same text to JS and CSS where it can occur). */
function inlineText(text: string): string {
  return text.replace(/<\/(script|style)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const require = createRequire(import.meta.url);

/** A file of an installed package, found from its entry point (the packages do not all export package.json). */
function libraryPath(pkg: string, file: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (path.basename(dir) !== pkg && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, file);
}
