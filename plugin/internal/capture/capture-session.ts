import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
export interface CaptureSessionHandler { handle(request: JsonRpcRequest, forward: () => Promise<JsonRpcResponse>): Promise<JsonRpcResponse>; }
const sessions = new Map<number, CaptureSessionHandler>();
export function sessionFor(id: number): CaptureSessionHandler | undefined { return sessions.get(id); }
