/** A user-facing error: the task prints its message on one line and exits with code 1. */
export class ParallelError extends Error {
  override name = "ParallelError";
}
