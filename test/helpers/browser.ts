import type { Browser, Page } from "playwright-core";

import { existsSync } from "node:fs";

import { chromium } from "playwright-core";

/** Debian's Chromium (`.ci/run` installs it), or the one CHROMIUM_PATH names. */
export function chromiumPath(): string {
  const file = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(file)) {
    throw new Error(`no Chromium at ${file}: install Debian's chromium package (as .ci/run does) or set CHROMIUM_PATH`);
  }
  return file;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-gpu"] });
}

/** What a page did: every request other than its own document, and every console error or uncaught error. */
export interface PageWatch {
  requests: string[];
  errors: string[];
}

/** Opens `url` in a new page of `browser` and records its requests and errors from the start. */
export async function openPage(browser: Browser, url: string, allowed: (url: string) => boolean = () => false) {
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watch: PageWatch = { requests: [], errors: [] };
  page.on("request", (request) => {
    if (request.url() !== url && !allowed(request.url())) watch.requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error") watch.errors.push(message.text());
  });
  page.on("pageerror", (error) => watch.errors.push(String(error)));
  await page.goto(url);
  return { page, watch };
}
