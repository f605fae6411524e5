/** One RLP item inside `bytes`: where its content starts, where the item ends, and whether it is a list. */
export interface RlpItem {
  start: number;
  end: number;
  isList: boolean;
}

/** The RLP item at `at` (undefined when the bytes end before its header does). */
export function rlpItem(bytes: Uint8Array, at: number): RlpItem | undefined {
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

/** The items of the list at `list` (undefined when one runs past the list). */
export function rlpListItems(bytes: Uint8Array, list: RlpItem): RlpItem[] | undefined {
  const items: RlpItem[] = [];
  for (let at = list.start; at < list.end;) {
    const item = rlpItem(bytes, at);
    if (item === undefined || item.end > list.end) return undefined;
    items.push(item);
    at = item.end;
  }
  return items;
}
