import type { Common } from "@ethereumjs/common";

import { interpreterPrototype } from "./interpreter-prototype.ts";

type Analysis = (this: { _evm: object }, code: Uint8Array) => unknown;

let patched = false;

/**
 * Caches ethereumjs' jump-destination analysis per code (it is redone on every call frame and
 * decodes every PUSH value: ~7% of an ERC20 transfer). The analysis of one code object on one EVM
 * never changes and is only read, and code comes from the CodeStore, so the same bytes are the same
 * object.
 */
export async function cacheJumpAnalysis(common: Common): Promise<void> {
  if (patched) return;
  patched = true;
  const prototype = (await interpreterPrototype(common)) as { _getValidJumpDestinations?: Analysis } | undefined;
  if (prototype === undefined || typeof prototype._getValidJumpDestinations !== "function") return;
  const analyse = prototype._getValidJumpDestinations;
  const caches = new WeakMap<object, WeakMap<Uint8Array, unknown>>();
  prototype._getValidJumpDestinations = function (code) {
    let cache = caches.get(this._evm);
    if (cache === undefined) caches.set(this._evm, (cache = new WeakMap()));
    let analysis = cache.get(code);
    if (analysis === undefined) cache.set(code, (analysis = analyse.call(this, code)));
    return analysis;
  };
}
