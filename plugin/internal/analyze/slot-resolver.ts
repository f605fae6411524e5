import type { ContractMetadata, StorageType, StorageVariable } from "../capture/types.ts";
import type { CandidateSource } from "./candidate-source.ts";
import { describeElement, describeInType } from "./describe-in-type.ts";
import { keccakOfWords, slotWord } from "./keccak-words.ts";
import { acceptsKeyWord, formatKeyWord } from "./mapping-key-word.ts";
import { storageSlotsOf } from "./storage-type-size.ts";

export interface SlotDescription {
  /** Name inside the contract: "depositCount", "reserve0+reserve1", "balances[0xab…]", "positions[0xab…].debt". */
  name: string;
  /** Top-level variable label(s). */
  variable: string;
  sourceName: string;
  line: number | null;
}

/** A storage location whose slot is known: a variable, a mapping entry, a member inside one. */
interface Location {
  id: number;
  variable: StorageVariable;
  path: string;
  type: string;
  slot: bigint;
  /** Mapping locations at or inside this location. */
  mappings: Location[];
}

const DIRECT_SLOT_LIMIT = 1n << 32n;
const ARRAY_ELEMENT_LIMIT = 1n << 16n;
const NESTING_LIMIT = 3;
const INVOLVED_LIMIT = 32;

/**
 * Names the storage slots of one contract layout. Plain variables are found by slot; keccak-derived
 * slots by hashing candidate words against mapping slots: every mapping directly in the layout with the
 * words of the whole block, nested mappings (and mappings inside mapped structs) with word pairs and
 * triples drawn from one transaction on either side of the dependency. Dynamic array elements are
 * found at keccak(slot) + i (i < 65536 elements). Everything hashed is kept across blocks.
 */
export class SlotResolver {
  readonly #variables: StorageVariable[];
  readonly #types: Record<string, StorageType>;
  readonly #roots: Location[] = [];
  readonly #derived = new Map<bigint, Location>();
  readonly #arrayData: Location[] = [];
  readonly #children = new Map<string, Location>();
  readonly #expandedWords = new Set<string>();
  readonly #expandedTransactions = new Set<string>();
  readonly #span: number;
  readonly #nested: boolean;
  #nextId = 0;

  constructor(metadata: ContractMetadata) {
    this.#variables = metadata.storage;
    this.#types = metadata.storageTypes;
    this.#span = Math.min(256, Math.max(1, ...Object.keys(this.#types).map((id) => storageSlotsOf(id, this.#types))));
    for (const variable of this.#variables) {
      const root = this.#location(variable, variable.label, variable.type, BigInt(variable.slot));
      this.#roots.push(...root.mappings);
    }
    this.#nested = this.#roots.some((root) => this.#containsMapping(this.#types[root.type].value ?? ""));
  }

  /** Mapping entries hashed so far (memory held across blocks). */
  get size(): number {
    return this.#children.size;
  }

  describe(slot: bigint, source: CandidateSource): SlotDescription | null {
    if (slot < DIRECT_SLOT_LIMIT) return this.#describeDirect(slot);
    // An entry hashed before (an earlier slot, an earlier block) needs no word of this block.
    let found = this.#describeDerived(slot);
    if (found !== null) return found;
    if (this.#roots.length > 0) this.#expandBlock(source.blockWords());
    found = this.#describeDerived(slot);
    if (found !== null || !this.#nested) return found;
    for (const involved of source.involvedWords().slice(0, INVOLVED_LIMIT)) {
      if (this.#expandedTransactions.has(involved.id)) continue;
      this.#expandedTransactions.add(involved.id);
      this.#expandNested(involved.words);
    }
    return this.#describeDerived(slot);
  }

  #describeDirect(slot: bigint): SlotDescription | null {
    const packed = this.#variables
      .filter((v) => BigInt(v.slot) === slot && storageSlotsOf(v.type, this.#types) === 1)
      .sort((a, b) => a.offset - b.offset);
    if (packed.length > 1) {
      const label = packed.map((v) => v.label).join("+");
      return { name: label, variable: label, sourceName: packed[0].sourceName, line: packed[0].line };
    }
    for (const variable of this.#variables) {
      const start = BigInt(variable.slot);
      if (slot < start || slot >= start + BigInt(storageSlotsOf(variable.type, this.#types))) continue;
      const name = describeInType(variable.type, slot - start, variable.label, this.#types);
      return { name, variable: variable.label, sourceName: variable.sourceName, line: variable.line };
    }
    return null;
  }

  #describeDerived(slot: bigint): SlotDescription | null {
    for (let member = 0; member < this.#span; member++) {
      const location = this.#derived.get(slot - BigInt(member));
      if (location === undefined || member >= storageSlotsOf(location.type, this.#types)) continue;
      return this.#result(location, describeInType(location.type, BigInt(member), location.path, this.#types));
    }
    for (const data of this.#arrayData) {
      const relative = slot - data.slot;
      if (relative < 0n || relative >= ARRAY_ELEMENT_LIMIT * BigInt(storageSlotsOf(data.type, this.#types))) continue;
      return this.#result(data, describeElement(data.type, relative, data.path, this.#types));
    }
    return null;
  }

  #result(location: Location, name: string): SlotDescription {
    const { label, sourceName, line } = location.variable;
    return { name, variable: label, sourceName, line };
  }

  #expandBlock(words: readonly string[]): void {
    for (const word of words) {
      if (this.#expandedWords.has(word)) continue;
      this.#expandedWords.add(word);
      for (const root of this.#roots) this.#child(root, word);
    }
  }

  #expandNested(words: readonly string[]): void {
    let frontier = this.#roots;
    for (let depth = 0; depth < NESTING_LIMIT && frontier.length > 0; depth++) {
      const next: Location[] = [];
      for (const mapping of frontier) {
        for (const word of words) next.push(...(this.#child(mapping, word)?.mappings ?? []));
      }
      frontier = next;
    }
  }

  /** The entry of `mapping` at key `word` (null when the word cannot encode a key of its type). */
  #child(mapping: Location, word: string): Location | null {
    const memo = `${mapping.id}:${word}`;
    const known = this.#children.get(memo);
    if (known !== undefined) return known;
    const type = this.#types[mapping.type];
    if (type.key === undefined || type.value === undefined || !acceptsKeyWord(type.key, word)) return null;
    const slot = keccakOfWords(word, slotWord(mapping.slot));
    const path = `${mapping.path}[${formatKeyWord(type.key, word)}]`;
    const child = this.#location(mapping.variable, path, type.value, slot);
    this.#derived.set(slot, child);
    this.#children.set(memo, child);
    return child;
  }

  /** A location, with the mappings and dynamic array data it holds registered. */
  #location(variable: StorageVariable, path: string, typeId: string, slot: bigint): Location {
    const location: Location = { id: this.#nextId++, variable, path, type: typeId, slot, mappings: [] };
    const type = this.#types[typeId];
    if (type?.encoding === "mapping") location.mappings.push(location);
    else if (type?.encoding === "dynamic_array" && type.base !== undefined) {
      this.#arrayData.push({ ...location, id: this.#nextId++, type: type.base, slot: keccakOfWords(slotWord(slot)) });
    } else if (type?.members !== undefined && this.#holdsHashedData(typeId)) {
      for (const member of type.members) {
        const inner = this.#location(variable, `${path}.${member.label}`, member.type, slot + BigInt(member.slot));
        location.mappings.push(...inner.mappings);
      }
    }
    return location;
  }

  #containsMapping(typeId: string): boolean {
    const type = this.#types[typeId];
    if (type === undefined) return false;
    if (type.encoding === "mapping") return true;
    return type.members?.some((member) => this.#containsMapping(member.type)) ?? false;
  }

  /** Mappings or dynamic arrays, or structs holding some: their data lives at keccak-derived slots. */
  #holdsHashedData(typeId: string): boolean {
    const type = this.#types[typeId];
    if (type === undefined) return false;
    if (type.encoding === "mapping" || type.encoding === "dynamic_array") return true;
    return type.members?.some((member) => this.#holdsHashedData(member.type)) ?? false;
  }
}
