import type { KeyName } from "./types.ts";

/** A value of the call that a mapping index may be: the caller, or a word of the call's input. */
export interface CallRole {
  /** "msg.sender", "arg0", "arg1", … */
  label: string;
  /** How the value prints as a mapping index: address, decimal, full 32-byte hex. */
  forms: string[];
}

const ADDRESS_PAD = "0".repeat(24);

/**
 * The roles of a call: its sender (`msg.sender` of the top-level function), then the 32-byte words of
 * its input after the selector as arg0, arg1, … (the n-th argument while the arguments before it are
 * static ABI types). A zero word is no role: a zero index is as often a constant.
 */
export function callRoles(from: string, input: string): CallRole[] {
  const roles: CallRole[] = [{ label: "msg.sender", forms: formsOf(ADDRESS_PAD + from.slice(2).toLowerCase()) }];
  for (let start = 10, n = 0; start + 64 <= input.length; start += 64, n++) {
    const word = input.slice(start, start + 64).toLowerCase();
    if (/[^0]/.test(word)) roles.push({ label: `arg${n}`, forms: formsOf(word) });
  }
  return roles;
}

function formsOf(word: string): string[] {
  const forms = [BigInt("0x" + word).toString(), "0x" + word];
  if (word.startsWith(ADDRESS_PAD)) forms.unshift("0x" + word.slice(24));
  return forms;
}

/** The role `address` has in the call, or "*". */
export function addressRole(address: string, roles: readonly CallRole[]): string {
  return roles.find((role) => role.forms[0] === address.toLowerCase())?.label ?? "*";
}

const CONCRETE_INDEX = /\[(?:0x[0-9a-f]+|-?\d+|true|false)\]/g;

/**
 * A varying storage key's name with its mapping indices generalised: the first role whose value an
 * index equals replaces it (`Token.balanceOf[msg.sender]`, `Token.allowance[msg.sender][arg0]`), any other
 * index becomes `*`. An unresolved slot is `Contract.(unresolved)`. `label` stands for the contract
 * (its name, or `account[…]` for one without metadata).
 */
export function generalizeSlotName(name: KeyName, label: string, roles: readonly CallRole[]): string {
  if (name.variable === null) return `${label}.(unresolved)`;
  let inside = name.name.slice(name.name.indexOf(".") + 1);
  for (const role of roles) {
    for (const form of role.forms) inside = inside.split(`[${form}]`).join(`[${role.label}]`);
  }
  return `${label}.${inside.replace(CONCRETE_INDEX, "[*]")}`;
}

/** How an account is named in a varying entry: its contract name, else `account[<role or *>]`. */
export function accountLabel(address: string, contractName: string | null, roles: readonly CallRole[]): string {
  return contractName ?? `account[${addressRole(address, roles)}]`;
}
