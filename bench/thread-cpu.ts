import { readFileSync, readdirSync } from "node:fs";

/** Milliseconds a thread of this process has spent on a CPU (Linux: schedstat, ns precision). */
function onCpuMs(tid: string | number): number {
  return Number(readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

/** CPU ms of each thread of this process, by "tid name" (empty where /proc is missing). */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync("/proc/self/task")) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      out.set(`${tid} ${name}`, Math.round(onCpuMs(tid)));
    }
  } catch {
    // not Linux
  }
  return out;
}

/** CPU ms the main thread has used (its thread id is the process id); undefined where /proc is missing. */
function mainThreadCpuMs(): number | undefined {
  try {
    return onCpuMs(process.pid);
  } catch {
    return undefined;
  }
}

/** Runs `work` (started on the main thread) and records into `cpuMs` the main thread's CPU ms it took (Linux only). */
export async function onMainThreadCpu<T>(cpuMs: number[] | undefined, work: () => Promise<T>): Promise<T> {
  const before = mainThreadCpuMs();
  const result = await work();
  if (cpuMs !== undefined && before !== undefined) cpuMs.push(mainThreadCpuMs()! - before);
  return result;
}
