import { rlpItem, rlpListItems } from "./rlp-item.ts";

/**
 * The hash a typed transaction's sender signed (EIP-2718: keccak256(type || rlp(unsigned fields))),
 * cut from its signed encoding: the signed list holds the same fields followed by yParity, r and s,
 * so the signed payload is the signed list's leading bytes under a new list header. ethereumjs
 * re-encodes every field for it instead (~15–20 µs a transaction). Undefined for a legacy
 * transaction or an encoding this does not read (ethereumjs then computes the hash itself).
 */
export function typedSigningHash(
  signed: Uint8Array,
  keccak256: (data: Uint8Array) => Uint8Array,
): Uint8Array | undefined {
  if (signed.length < 2 || signed[0] > 0x7f) return undefined;
  const list = rlpItem(signed, 1);
  if (list === undefined || !list.isList || list.end !== signed.length) return undefined;
  const items = rlpListItems(signed, list);
  if (items === undefined || items.length < 4) return undefined;
  // An item's header starts where the previous item ends.
  const body = signed.subarray(list.start, items[items.length - 4].end);
  const header = listHeader(body.length);
  const payload = new Uint8Array(1 + header.length + body.length);
  payload[0] = signed[0];
  payload.set(header, 1);
  payload.set(body, 1 + header.length);
  return keccak256(payload);
}

function listHeader(length: number): number[] {
  if (length <= 55) return [0xc0 + length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0xf7 + bytes.length, ...bytes];
}
