/** ANSI styling that turns into plain text when colour is off. */
export interface Palette {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const style = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export function createPalette(color: boolean): Palette {
  if (!color) {
    const plain = (text: string): string => text;
    return { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };
  }
  return {
    bold: style(1, 22),
    dim: style(2, 22),
    red: style(31, 39),
    yellow: style(33, 39),
    green: style(32, 39),
    cyan: style(36, 39),
  };
}

const ANSI_PATTERN = /\x1b\[[0-9;]*m/g;

/** Columns a string takes on a terminal (ANSI codes take none). */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI_PATTERN, "")].length;
}
