import type { StateKey } from "../capture/types.ts";
import { accessedKeys } from "./accessed-keys.ts";
import { accountLabel, callRoles, generalizeSlotName, type CallRole } from "./access-key-roles.ts";
import type { ContractDirectory } from "./contract-directory.ts";
import type { AccessListEntry, FunctionAccessList } from "./predicted-access-types.ts";
import type { TransactionProfile } from "./transaction-profile.ts";
import type { KeyName } from "./types.ts";
import { VaryingAccessGroups } from "./varying-access.ts";

interface CallAccess {
  roles: CallRole[];
  /** Addresses listed for themselves (see AccessListCollector). */
  accounts: Set<string>;
  /** Storage keys accessed, at any address. */
  slots: Set<StateKey>;
  /** Names a key with the candidates of this call's block and transaction. */
  name: (key: StateKey) => KeyName;
}

/**
 * The EIP-2930 access list each function's callers should declare, from the real access sets of its
 * successful calls (transactions whose top-level frame runs it). Each call's list follows geth's
 * `eth_createAccessList` (eth/tracers/logger/access_list_tracer.go): every storage slot accessed is
 * listed under its contract, the transaction's `to` included; an address is also listed for itself
 * when accessed (balance, nonce or code), except the sender, the `to` and the precompiles, which are
 * warm anyway (EIP-2929), and contracts created by the call (geth adds addresses only for the CALL
 * family, EXTCODESIZE/COPY/HASH, BALANCE and SELFDESTRUCT). The beneficiary's fee credit is not an
 * access. What every call lists is the function's constant list; the rest varies with the caller, the
 * arguments or the state.
 */
export class AccessListCollector {
  readonly #directory: ContractDirectory;
  readonly #calls = new Map<string, CallAccess[]>();

  constructor(directory: ContractDirectory) {
    this.#directory = directory;
  }

  add(profile: TransactionProfile, beneficiary: string, name: (key: StateKey) => KeyName): void {
    const { tx, topLevel } = profile;
    if (tx.status !== 1 || !profile.functions.has(topLevel)) return;
    const excluded = new Set([tx.from, tx.to ?? ""]);
    for (const frame of tx.calls) if (frame.type === "CREATE" || frame.type === "CREATE2") excluded.add(frame.to);
    const roles = callRoles(tx.from, tx.calls[0]?.input ?? "0x");
    const call: CallAccess = { roles, accounts: new Set(), slots: new Set(), name };
    for (const key of accessedKeys(tx, beneficiary)) {
      const address = key.slice(0, 42);
      if (key.startsWith("slot:", 43)) call.slots.add(key);
      else if (!excluded.has(address) && !isPrecompile(address)) call.accounts.add(address);
    }
    const list = this.#calls.get(topLevel);
    if (list === undefined) this.#calls.set(topLevel, [call]);
    else list.push(call);
  }

  /** By calls (descending), then function name. */
  lists(): FunctionAccessList[] {
    return [...this.#calls]
      .map(([name, calls]) => this.#listOf(name, calls))
      .sort((a, b) => b.calls - a.calls || (a.function < b.function ? -1 : a.function > b.function ? 1 : 0));
  }

  #listOf(name: string, calls: readonly CallAccess[]): FunctionAccessList {
    const constantSlots = intersect(calls.map((call) => call.slots));
    const constantAddresses = intersect(calls.map(listedAddresses));
    const accessList: AccessListEntry[] = [...constantAddresses]
      .sort()
      .map((address) => ({ address, storageKeys: [] }));
    const byAddress = new Map(accessList.map((entry) => [entry.address, entry]));
    for (const key of [...constantSlots].sort()) byAddress.get(key.slice(0, 42))!.storageKeys.push(key.slice(48));

    const varying = new VaryingAccessGroups();
    calls.forEach((call, index) => {
      const slotAddresses = new Set([...call.slots].map((key) => key.slice(0, 42)));
      for (const key of call.slots) {
        if (constantSlots.has(key)) continue;
        const keyName = call.name(key);
        const contract = this.#contractName(keyName.address);
        const generalized = generalizeSlotName(
          keyName,
          accountLabel(keyName.address, contract, call.roles),
          call.roles,
        );
        varying.add(
          { name: generalized, kind: "slot", contract, variable: keyName.variable },
          keyName.address,
          key,
          index,
        );
      }
      for (const address of call.accounts) {
        if (constantAddresses.has(address) || slotAddresses.has(address)) continue;
        const contract = this.#contractName(address);
        const label = accountLabel(address, contract, call.roles);
        varying.add({ name: label, kind: "account", contract, variable: null }, address, null, index);
      }
    });
    return {
      function: name,
      calls: calls.length,
      accessList,
      constantKeys: constantSlots.size,
      varying: varying.list(),
    };
  }

  /** The contract's name, or null for an EOA or a contract without metadata. */
  #contractName(address: string): string | null {
    const group = this.#directory.groupOf(address);
    return group === null || group === address ? null : group;
  }
}

/** The addresses a call's list has: those listed for themselves and those of its storage keys. */
function listedAddresses(call: CallAccess): Set<string> {
  return new Set([...call.accounts, ...[...call.slots].map((key) => key.slice(0, 42))]);
}

function intersect<T>(sets: readonly Set<T>[]): Set<T> {
  if (sets.length === 0) return new Set();
  return new Set([...sets[0]].filter((item) => sets.every((set) => set.has(item))));
}

/** 0x01–0x11 (Frontier to Prague) and 0x100 (P256VERIFY, Osaka). */
function isPrecompile(address: string): boolean {
  const value = BigInt(address);
  return (value >= 1n && value <= 0x11n) || value === 0x100n;
}
