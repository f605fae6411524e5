import type { ContractMetadata, StateKey } from "../capture/types.ts";
import type { CandidateSource } from "./candidate-source.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import { SlotResolver } from "./slot-resolver.ts";
import type { KeyName } from "./types.ts";

/** Slot resolvers by layout ("sourceName:contract"): what they hashed can be kept across analyses. */
export type SlotResolvers = Map<string, SlotResolver>;

/**
 * Names state keys after the storage layout (see SlotResolver). Names are cached by key once final;
 * a slot left unresolved is tried again when it shows up in a later block (with that block's words).
 * `resolvers`: the resolvers of earlier analyses (parallel-node analyses one block at a time), whose
 * hashed mapping entries name this one's slots without hashing them again.
 */
export class KeyNamer {
  readonly #directory: ContractDirectory;
  readonly #final = new Map<StateKey, KeyName>();
  readonly #latest = new Map<StateKey, KeyName>();
  readonly #resolvers: SlotResolvers;

  constructor(directory: ContractDirectory, resolvers: SlotResolvers = new Map()) {
    this.#directory = directory;
    this.#resolvers = resolvers;
  }

  /** The most recent name given to `key`, if any. */
  latest(key: StateKey): KeyName | undefined {
    return this.#latest.get(key);
  }

  name(key: StateKey, source: CandidateSource): KeyName {
    const known = this.#final.get(key);
    if (known !== undefined) return known;
    const { name, final } = this.#compute(key, source);
    this.#latest.set(key, name);
    if (final) this.#final.set(key, name);
    return name;
  }

  #compute(key: StateKey, source: CandidateSource): { name: KeyName; final: boolean } {
    const address = key.slice(0, 42);
    const field = key.slice(43);
    const contract = this.#directory.groupOf(address);
    const label = contract ?? address;
    if (!field.startsWith("slot:")) {
      const kind = field as "balance" | "nonce" | "code";
      const name = `${label}.${kind}`;
      return {
        name: { key, address, kind, contract, name, variable: kind, sourceName: null, line: null },
        final: true,
      };
    }
    const slotHex = field.slice(5);
    const layouts = this.#layoutsOf(address);
    for (const metadata of layouts) {
      const described = this.#resolverFor(metadata).describe(BigInt(slotHex), source);
      if (described === null) continue;
      const { name, variable, sourceName, line } = described;
      return {
        name: {
          key,
          address,
          kind: "slot",
          contract,
          name: `${label}.${this.#keysByName(name)}`,
          variable,
          sourceName,
          line,
        },
        final: true,
      };
    }
    const unresolved: KeyName = {
      key,
      address,
      kind: "slot",
      contract,
      name: `${label}.${slotHex}`,
      variable: null,
      sourceName: null,
      line: null,
    };
    return { name: unresolved, final: layouts.length === 0 };
  }

  /**
   * Mapping keys that are contracts the catalog identified read as their names: `balanceOf[UniswapV2Pair]`,
   * or `balanceOf[UniswapV2Pair@0x0ae1…f1ef]` when the capture holds several instances of that contract.
   */
  #keysByName(name: string): string {
    return name.replace(/\[(0x[0-9a-f]{40})\]/g, (whole, key: string) => {
      const contract = this.#directory.metadataOf(key)?.name;
      if (contract === undefined) return whole;
      const single = this.#directory.instancesOf(contract).length <= 1;
      return `[${single ? contract : `${contract}@${key.slice(0, 6)}…${key.slice(-4)}`}]`;
    });
  }

  #layoutsOf(address: string): ContractMetadata[] {
    const own = this.#directory.metadataOf(address);
    return [...(own === undefined ? [] : [own]), ...this.#directory.delegateMetadataOf(address)].filter(
      (metadata) => metadata.storage.length > 0,
    );
  }

  #resolverFor(metadata: ContractMetadata): SlotResolver {
    const id = `${metadata.sourceName}:${metadata.name}`;
    let resolver = this.#resolvers.get(id);
    if (resolver === undefined) {
      resolver = new SlotResolver(metadata);
      this.#resolvers.set(id, resolver);
    }
    return resolver;
  }
}
