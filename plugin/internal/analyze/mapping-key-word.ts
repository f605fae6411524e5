/**
 * Mapping keys of value types are hashed as their 32-byte ABI encoding — the same word that appears in
 * calldata, topics and log data — so candidate words are used as they are. `word` is 64 lowercase hex
 * digits without 0x. String and bytes keys (hashed unpadded) are not supported.
 */
const ZEROS = "0".repeat(64);

/** Whether `word` is a valid encoding of a key of solc type `keyType`. */
export function acceptsKeyWord(keyType: string, word: string): boolean {
  if (isAddressType(keyType)) return word.startsWith(ZEROS.slice(0, 24));
  if (keyType === "t_bool") return word === ZEROS || word === ZEROS.slice(1) + "1";
  if (keyType.startsWith("t_enum")) return word.startsWith(ZEROS.slice(0, 62));
  const unsigned = /^t_uint(\d+)$/.exec(keyType);
  if (unsigned !== null) return word.startsWith(ZEROS.slice(0, 64 - Number(unsigned[1]) / 4));
  const fixed = /^t_bytes(\d+)$/.exec(keyType);
  if (fixed !== null) return word.endsWith(ZEROS.slice(0, 64 - 2 * Number(fixed[1])));
  if (keyType.startsWith("t_string") || keyType.startsWith("t_bytes")) return false;
  return true;
}

/** How a key appears in a name: addresses as 0x + 40 hex, integers in decimal, bytesN in hex. */
export function formatKeyWord(keyType: string, word: string): string {
  if (isAddressType(keyType)) return "0x" + word.slice(24);
  if (keyType === "t_bool") return word === ZEROS ? "false" : "true";
  if (/^t_uint\d+$/.test(keyType) || keyType.startsWith("t_enum")) return BigInt("0x" + word).toString();
  if (/^t_int\d+$/.test(keyType)) return BigInt.asIntN(256, BigInt("0x" + word)).toString();
  const fixed = /^t_bytes(\d+)$/.exec(keyType);
  if (fixed !== null) return "0x" + word.slice(0, 2 * Number(fixed[1]));
  return "0x" + word;
}

function isAddressType(typeId: string): boolean {
  return typeId.startsWith("t_address") || typeId.startsWith("t_contract");
}
