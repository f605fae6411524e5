/**
 * The hash a typed transaction's sender signed (EIP-2718: keccak256(type || rlp(unsigned fields))),
 * cut from its signed encoding: the signed list holds the same fields followed by yParity, r and s,
 * so the signed payload is the signed list's leading bytes under a new list header. ethereumjs
 * re-encodes every field for it instead (~15–20 µs a transaction). Undefined for a legacy
 * transaction or an encoding this does not read (ethereumjs then computes the hash itself).
 */
export function typedSigningHash(signed: Uint8Array, keccak256: (data: Uint8Array) => Uint8Array): Uint8Array | undefined {
  if (signed.length < 2 || signed[0] > 0x7f) return undefined;
  const list = rlpItem(signed, 1);
  if (list === undefined || !list.isList || list.end !== signed.length) return undefined;
  const starts: number[] = [];
  for (let at = list.start; at < list.end; ) {
    const item = rlpItem(signed, at);
    if (item === undefined || item.end > list.end) return undefined;
    starts.push(at);
    at = item.end;
  }
  if (starts.length < 4) return undefined;
  const body = signed.subarray(list.start, starts[starts.length - 3]);
  const header = listHeader(body.length);
  const payload = new Uint8Array(1 + header.length + body.length);
  payload[0] = signed[0];
  payload.set(header, 1);
  payload.set(body, 1 + header.length);
  return keccak256(payload);
}

/** The RLP item at `at`: where its content starts and where the item ends. */
function rlpItem(bytes: Uint8Array, at: number): { start: number; end: number; isList: boolean } | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { start: at, end: at + 1, isList: false };
  const isList = first >= 0xc0;
  const short = isList ? 0xc0 : 0x80;
  if (first - short <= 55) return { start: at + 1, end: at + 1 + first - short, isList };
  const lengthBytes = first - short - 55;
  if (lengthBytes > 4 || at + 1 + lengthBytes > bytes.length) return undefined;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[at + 1 + i];
  return { start: at + 1 + lengthBytes, end: at + 1 + lengthBytes + length, isList };
}

function listHeader(length: number): number[] {
  if (length <= 55) return [0xc0 + length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0xf7 + bytes.length, ...bytes];
}
