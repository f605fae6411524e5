import v8 from "node:v8";

/**
 * A value serialized once (V8's structured-clone format) into shared memory. Posting it to a
 * worker shares the bytes instead of cloning the value again for every worker: the block set-up
 * and the log go to every worker, so cloning them per worker cost the main thread O(workers) per
 * transaction. Each worker decodes its own copy.
 */
export type Encoded<T> = Uint8Array & { readonly __encodes?: T };

export function encode<T>(value: T): Encoded<T> {
  const bytes = v8.serialize(value);
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared as Encoded<T>;
}

export function decode<T>(bytes: Encoded<T>): T {
  return v8.deserialize(bytes) as T;
}
