/**
 * The part of an EIP-1193 provider (a Hardhat network connection's `provider`) the plugin uses:
 * the one provider type of every stage (capture, replay, the workload's block producer, the test
 * recorder).
 */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
