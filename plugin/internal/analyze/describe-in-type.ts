import type { StorageType } from "../capture/types.ts";
import { storageBytesOf, storageSlotsOf } from "./storage-type-size.ts";

/**
 * Names slot `relative` (0-based) inside a value of type `typeId` stored at `path`:
 * struct members (`path.debt`, packed members joined: `path.a+b`), static array elements (`path[2]`,
 * packed elements `path[0..3]`), a dynamic array's length slot (`path.length`), else `path`.
 */
export function describeInType(
  typeId: string,
  relative: bigint,
  path: string,
  types: Record<string, StorageType>,
): string {
  const type = types[typeId];
  if (type === undefined) return path;
  if (type.encoding === "dynamic_array") return `${path}.length`;
  if (type.encoding !== "inplace") return path;
  if (type.members !== undefined) return describeInStruct(type.members, relative, path, types);
  if (type.base !== undefined) return describeElement(type.base, relative, path, types);
  return path;
}

function describeInStruct(
  members: NonNullable<StorageType["members"]>,
  relative: bigint,
  path: string,
  types: Record<string, StorageType>,
): string {
  const packed = members.filter((m) => BigInt(m.slot) === relative && storageSlotsOf(m.type, types) === 1);
  if (packed.length > 0) return `${path}.${packed.map((m) => m.label).join("+")}`;
  for (const member of members) {
    const start = BigInt(member.slot);
    const end = start + BigInt(storageSlotsOf(member.type, types));
    if (relative >= start && relative < end) {
      return describeInType(member.type, relative - start, `${path}.${member.label}`, types);
    }
  }
  return path;
}

/** Names slot `relative` of a sequence of `elementType` values starting at slot 0 (static or dynamic array data). */
export function describeElement(
  elementType: string,
  relative: bigint,
  path: string,
  types: Record<string, StorageType>,
): string {
  const bytes = storageBytesOf(elementType, types);
  if (bytes <= 16) {
    const perSlot = BigInt(Math.floor(32 / bytes));
    const first = relative * perSlot;
    return perSlot === 1n ? `${path}[${first}]` : `${path}[${first}..${first + perSlot - 1n}]`;
  }
  const slots = BigInt(storageSlotsOf(elementType, types));
  return describeInType(elementType, relative % slots, `${path}[${relative / slots}]`, types);
}
