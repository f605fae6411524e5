/** The part of an EIP-1193 provider the capture stage uses. */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
