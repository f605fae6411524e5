import type { StorageType } from "../capture/types.ts";

/** Bytes a value of solc type `typeId` takes in storage; value types may be missing from `types`. */
export function storageBytesOf(typeId: string, types: Record<string, StorageType>): number {
  const known = types[typeId];
  if (known !== undefined) return Number(known.numberOfBytes);
  const bits = /^t_u?int(\d+)$/.exec(typeId);
  if (bits !== null) return Number(bits[1]) / 8;
  const fixed = /^t_bytes(\d+)$/.exec(typeId);
  if (fixed !== null) return Number(fixed[1]);
  if (typeId === "t_bool" || typeId.startsWith("t_enum")) return 1;
  if (typeId.startsWith("t_address") || typeId.startsWith("t_contract")) return 20;
  return 32;
}

/** Slots a value of `typeId` spans (mappings, dynamic arrays, bytes and strings: 1). */
export function storageSlotsOf(typeId: string, types: Record<string, StorageType>): number {
  const type = types[typeId];
  if (type !== undefined && type.encoding !== "inplace") return 1;
  return Math.max(1, Math.ceil(storageBytesOf(typeId, types) / 32));
}
