export default async function parallelReport(args: Record<string, unknown>): Promise<void> {
  console.log("stub", args);
}
