import type { CaptureResult, ContractMetadata } from "../capture/types.ts";

/**
 * Which addresses are contracts, how contracts are grouped, and which code runs on which storage.
 *
 * An address is an EOA when it sends a transaction, or when nothing shows it has code: no
 * ContractMetadata, no non-empty `:code` read or write, no storage slot, not created by a frame.
 * Contracts are grouped by metadata name; a contract without metadata is its own group (its address).
 */
export interface ContractDirectory {
  isEoa(address: string): boolean;
  /** Contract name, the address for a contract without metadata, null for an EOA. */
  groupOf(address: string): string | null;
  metadataOf(address: string): ContractMetadata | undefined;
  /** Metadata of the code that ran on this storage through DELEGATECALL/CALLCODE (proxies). */
  delegateMetadataOf(address: string): ContractMetadata[];
  /** Addresses seen for each group. */
  instancesOf(group: string): string[];
}

export function createContractDirectory(capture: CaptureResult): ContractDirectory {
  const senders = new Set<string>();
  const withCode = new Set<string>(Object.keys(capture.contracts));
  const delegates = new Map<string, Set<string>>();
  const noteKeys = (record: Record<string, string>): void => {
    for (const key in record) {
      const address = key.slice(0, 42);
      const rest = key.slice(43);
      if (rest.startsWith("slot")) withCode.add(address);
      else if (rest === "code" && record[key] !== "0x" && record[key] !== "") withCode.add(address);
    }
  };
  for (const block of capture.blocks) {
    for (const tx of block.transactions) {
      senders.add(tx.from);
      noteKeys(tx.reads);
      noteKeys(tx.writes);
      for (const frame of tx.calls) {
        if (frame.type === "CREATE" || frame.type === "CREATE2") withCode.add(frame.to);
        if (frame.storageAddress !== frame.to) {
          const set = delegates.get(frame.storageAddress) ?? new Set<string>();
          set.add(frame.to);
          delegates.set(frame.storageAddress, set);
        }
      }
    }
  }

  const groupOf = (address: string): string | null => {
    const metadata = capture.contracts[address];
    if (metadata !== undefined) return metadata.name;
    if (senders.has(address) || !withCode.has(address)) return null;
    return address;
  };
  const instances = new Map<string, string[]>();
  for (const address of withCode) {
    const group = groupOf(address);
    if (group === null) continue;
    const list = instances.get(group) ?? [];
    list.push(address);
    instances.set(group, list);
  }
  for (const list of instances.values()) list.sort();

  return {
    isEoa: (address) => senders.has(address) || !withCode.has(address),
    groupOf,
    metadataOf: (address) => capture.contracts[address],
    delegateMetadataOf: (address) =>
      [...(delegates.get(address) ?? [])]
        .map((code) => capture.contracts[code])
        .filter((metadata): metadata is ContractMetadata => metadata !== undefined),
    instancesOf: (group) => instances.get(group) ?? [],
  };
}
