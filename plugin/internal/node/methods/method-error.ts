/**
 * The error a JSON-RPC method of parallel-node throws for a request it refuses: the server answers
 * it as a JSON-RPC error with this `code` and `message` (-32602: invalid params).
 */
export class RpcMethodError extends Error {
  override name = "RpcMethodError";
  readonly code: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

/** JSON-RPC's "invalid params" (-32602). */
export const INVALID_PARAMS = -32602;

export function invalidParams(message: string): RpcMethodError {
  return new RpcMethodError(INVALID_PARAMS, message);
}
