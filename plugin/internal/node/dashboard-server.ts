/**
 * parallel-node's live dashboard (`--dashboard`): a small HTTP server (not JSON-RPC) on the node's
 * hostname. `GET /` is the HTML report's page (../html/, rendered once) in live mode, which fetches
 * `GET /data.json` every second and redraws when it changed; that is the session's PageData
 * (./dashboard-data.ts), built only when a block was added since the last request. Anything else
 * is 404, a method other than GET 405.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { SourceTexts } from "../html/index.ts";
import type { ScenarioReport } from "../report/json-report-types.ts";
import type { NodeSession } from "./node-session.ts";

import { createServer } from "node:http";

import { renderPage } from "../html/index.ts";
import { listenError } from "./listen-error.ts";
import { dashboardPageData } from "./dashboard-data.ts";

export const DATA_PATH = "/data.json";

/** The session's full report (hotspots, tables) is rebuilt at most once per this many times its cost. */
const REPORT_SPACING = 10;

/**
 * The page's data as JSON, cached per block count. The session's report, which re-analyses every
 * block, is rebuilt only when its last build is REPORT_SPACING × its cost ago (at most ~1/10 of the
 * node's time); the blocks drawn, the summary and the timeline are always current.
 */
export class DashboardFeed {
  private json = Buffer.alloc(0);
  /** Changes with every rebuild of `json`: the ETag the page revalidates with. */
  etag = '"0"';
  private blocks = -1;
  private report: ScenarioReport | undefined;
  private reportBlocks = -1;
  private reportAt = 0;
  private reportMs = 0;
  private readonly session: NodeSession;
  private readonly options: DashboardOptions;

  constructor(session: NodeSession, options: DashboardOptions) {
    this.session = session;
    this.options = options;
  }

  current(): Buffer {
    const mined = this.session.blocks; // (drains the session's queue: every block mined is analysed)
    const reportDue =
      this.reportBlocks !== mined.length && Date.now() - this.reportAt >= REPORT_SPACING * this.reportMs;
    if (mined.length === this.blocks && !reportDue) return this.json;
    if (reportDue || this.report === undefined) {
      const start = performance.now();
      this.report = this.session.report();
      this.reportMs = performance.now() - start;
      this.reportAt = Date.now();
      this.reportBlocks = mined.length;
    }
    const blocks = mined.map((block) => this.session.blockReport(block.number)!);
    this.json = Buffer.from(JSON.stringify(dashboardPageData({ ...this.options, blocks, report: this.report })));
    this.etag = `"${mined.length}-${this.reportBlocks}"`;
    this.blocks = mined.length;
    return this.json;
  }
}

/** Where the served data comes from: the page's data unless its ETag is still `etag`. */
export interface DashboardSource {
  dashboard(options: DashboardOptions, etag: string | undefined): Promise<{ etag: string; body?: Uint8Array }>;
}

export interface DashboardOptions {
  workers: number;
  generator: string;
  sources: SourceTexts;
}

/** Listens before the node starts (a port in use fails first); serves a session once `serve` is given one. */
export class DashboardServer {
  private readonly page: string;
  readonly options: DashboardOptions;
  private source: DashboardSource | undefined;
  private readonly server = createServer((request, response) => this.answer(request, response));
  private readonly hostname: string;
  private closed: Promise<void> | undefined;

  private constructor(hostname: string, page: string, options: DashboardOptions) {
    this.hostname = hostname;
    this.page = page;
    this.options = options;
  }

  /** Renders the page (no block yet: the page fetches the blocks) and listens on `hostname:port`. */
  static async start(hostname: string, port: number, options: DashboardOptions): Promise<DashboardServer> {
    const initial = dashboardPageData({ ...options, blocks: [], report: undefined });
    const dashboard = new DashboardServer(hostname, await renderPage(initial, { liveUrl: DATA_PATH }), options);
    await new Promise<void>((resolve, reject) => {
      dashboard.server.once("error", (error: NodeJS.ErrnoException) =>
        reject(listenError(error, "dashboard port", hostname, port)),
      );
      dashboard.server.listen(port, hostname, resolve);
    });
    return dashboard;
  }

  /** Serves the data of `source` (the miner thread's DashboardFeed) from now on. */
  serve(source: DashboardSource): void {
    this.source = source;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://${this.hostname.includes(":") ? `[${this.hostname}]` : this.hostname}:${port}/`;
  }

  /** Stops listening and ends the open connections (the page's keep-alive one too). */
  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closed;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      response.end(body);
    };
    const path = new URL(request.url ?? "/", "http://dashboard").pathname;
    if (request.method !== "GET") return send(405, "text/plain", "Method Not Allowed\n", { Allow: "GET" });
    if (path !== "/" && path !== DATA_PATH) return send(404, "text/plain", "Not Found\n");
    if (path === "/") return send(200, "text/html; charset=utf-8", this.page);
    if (this.source === undefined) return send(503, "text/plain", "The node is starting\n");
    const known = request.headers["if-none-match"];
    this.source.dashboard(this.options, known).then(
      ({ etag, body }) => {
        if (body === undefined) {
          response.writeHead(304, { ETag: etag, "Cache-Control": "no-cache" });
          return void response.end();
        }
        send(200, "application/json", Buffer.from(body.buffer, body.byteOffset, body.byteLength), {
          ETag: etag,
          "Cache-Control": "no-cache",
        });
      },
      (error: Error) => send(500, "text/plain", `The dashboard's data could not be built: ${error.message}\n`),
    );
  }
}
