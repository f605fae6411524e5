import type {
  FunctionAccessList,
  PredictedAccessAnalysis,
  PredictedKeyCount,
} from "../analyze/predicted-access-types.ts";
import type { Palette } from "./ansi.ts";
import { formatCount, formatPercent, shortenHex } from "./format-figures.ts";
import { section } from "./terminal-tables.ts";

/**
 * "Predicted access lists": per function, how often the access sets predicted by running each
 * transaction alone on the block's pre-state held every key it accessed, the keys missed most, and
 * the dependencies a scheduler following them would have missed or added; then the EIP-2930 list per
 * top-level function (keys every call accesses, and the varying ones by name).
 */
export function predictedAccessSection(predicted: PredictedAccessAnalysis, palette: Palette, top: number): string {
  const s = predicted.summary;
  const title =
    `Predicted access lists: ${formatCount(s.complete)}/${formatCount(s.transactions)} txs complete ` +
    `(${formatPercent(s.completeRate)}), ${plural(s.missedDependencies, "missed dep")}, ` +
    `${plural(s.falseDependencies, "false dep")}` +
    (predicted.partialBlocks === 0 ? "" : `, ${plural(predicted.partialBlocks, "partly predicted block")} left out`);
  const header = ["Function", "Txs", "Complete", "Missed deps", "False deps", "Missed keys"];
  const rows = predicted.functions
    .slice(0, top)
    .map(({ name, figures: f }) => [
      shortenHex(name),
      formatCount(f.transactions),
      completeColor(f.completeRate, palette)(formatPercent(f.completeRate)),
      (f.missedDependencies > 0 ? palette.red : palette.green)(formatCount(f.missedDependencies)),
      formatCount(f.falseDependencies),
      keyCounts(f.missedKeys, palette),
    ]);
  const align = ["left", "right", "right", "right", "right", "left"] as const;
  return [
    section(title, header, rows, align, predicted.functions.length, palette),
    accessListTable(predicted.accessLists, palette, top),
  ].join("\n");
}

function accessListTable(lists: readonly FunctionAccessList[], palette: Palette, top: number): string {
  const header = ["Function", "Calls", "Constant", "Varying"];
  const rows = lists.slice(0, top).map((list) => {
    const varying = list.varying.slice(0, 3).map((v) => {
      const share = v.calls === list.calls ? "" : palette.dim(` (${v.calls}/${list.calls} calls)`);
      return palette.cyan(shortenHex(v.name)) + share;
    });
    const more = list.varying.length > 3 ? palette.dim(` +${list.varying.length - 3}`) : "";
    return [
      shortenHex(list.function),
      formatCount(list.calls),
      `${plural(list.accessList.length, "address", "addresses")}, ${plural(list.constantKeys, "key")}`,
      varying.length === 0 ? "-" : varying.join(", ") + more,
    ];
  });
  const align = ["left", "right", "left", "left"] as const;
  return section("Access lists to declare (EIP-2930)", header, rows, align, lists.length, palette);
}

/** The two keys missed most, `name ×count`, and how many more. */
function keyCounts(keys: readonly PredictedKeyCount[], palette: Palette): string {
  if (keys.length === 0) return "-";
  const shown = keys.slice(0, 2).map((k) => `${palette.cyan(shortenHex(k.name))} ×${formatCount(k.count)}`);
  return shown.join(", ") + (keys.length > 2 ? palette.dim(` +${keys.length - 2}`) : "");
}

function completeColor(rate: number, palette: Palette): (text: string) => string {
  return rate === 1 ? palette.green : rate >= 0.9 ? palette.yellow : palette.red;
}

function plural(count: number, singular: string, many = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : many}`;
}
