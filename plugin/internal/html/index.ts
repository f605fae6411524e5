/** The HTML stage: the self-contained report page and the live dashboard's data (see ./page-data.ts). */
export type { PageData } from "./page-data.ts";
export type { PageSource } from "./report-page-data.ts";
export type { SourceTexts } from "./hotspot-page.ts";
export { reportPageData, scenarioPage } from "./report-page-data.ts";
export { renderPage } from "./page-html.ts";
