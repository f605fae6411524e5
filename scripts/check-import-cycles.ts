/**
 * Import cycles in plugin/: follows every relative `import … from`, `export … from` and bare
 * `import "…"` statement of each .ts file (type-only ones too: a cycle of types is still two
 * modules that cannot be read, or moved, one without the other), finds the strongly connected
 * components of that graph and prints, for each file caught in one, the shortest cycle through it.
 *
 *   node scripts/check-import-cycles.ts [folder]     # default: plugin; Node 22 (node_modules/.bin/node)
 *
 * Exit code 1 when there is any cycle. Dynamic `import()` calls (the plugin's lazy task and hook
 * entries) are not followed.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const top = path.resolve(root, process.argv[2] ?? "plugin");

/** `import`/`export` statements that name a module: the specifier of each (multi-line ones too). */
const STATEMENT = /(?:^|[\n;])\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s*)?["']([^"']+)["']/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === "node_modules" ? [] : tsFiles(file);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [file] : [];
  });
}

/** The file a relative specifier names, or undefined when it names none. */
function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, base + ".ts", path.join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The source without the comments that start a line (a string holding "/*" or "//" stays as it is). */
function withoutComments(source: string): string {
  return source.replace(/^\s*\/\*[\s\S]*?\*\//gm, "").replace(/^\s*\/\/[^\n]*/gm, "");
}

const files = tsFiles(top).sort();
const edges = new Map<string, string[]>();
const unresolved: string[] = [];
for (const file of files) {
  const targets = new Set<string>();
  for (const [, specifier] of withoutComments(readFileSync(file, "utf8")).matchAll(STATEMENT)) {
    if (!specifier.startsWith(".")) continue;
    const target = resolve(file, specifier);
    if (target === undefined) unresolved.push(`${rel(file)}: ${specifier}`);
    else targets.add(target);
  }
  edges.set(file, [...targets].sort());
}

function rel(file: string): string {
  return path.relative(root, file);
}

/** Tarjan's strongly connected components (iterative: no recursion limit on deep graphs). */
function components(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const out = edges.get(frame.node) ?? [];
      if (frame.edge < out.length) {
        const target = out[frame.edge++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (edges.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found;
}

/** The shortest cycle from `start` back to itself inside `within` (breadth-first). */
function shortestCycle(start: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const target of edges.get(node) ?? []) {
      if (!within.has(target)) continue;
      if (target === start) {
        const cycle = [node];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0])!);
        return [...cycle, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** The same cycle read from its smallest file, so that each is printed once. */
function canonical(cycle: string[]): string {
  const ring = cycle.slice(0, -1);
  const first = ring.indexOf([...ring].sort()[0]);
  const rotated = [...ring.slice(first), ...ring.slice(0, first)];
  return [...rotated, rotated[0]].map(rel).join(" → ");
}

for (const line of unresolved) console.error(`warning: unresolved import ${line}`);
const cycles = new Set<string>();
for (const component of components()) {
  const within = new Set(component);
  for (const file of component) cycles.add(canonical(shortestCycle(file, within)));
}
for (const cycle of cycles) console.log(`cycle: ${cycle}`);
if (cycles.size > 0) {
  console.log(`${cycles.size} import cycle${cycles.size === 1 ? "" : "s"} in ${rel(top)}/`);
  process.exit(1);
}
console.log(`no import cycle in ${rel(top)}/ (${files.length} files)`);
