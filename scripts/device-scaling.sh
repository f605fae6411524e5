#!/usr/bin/env bash
# Worker-pool scaling on the lent 16-core machine (`device` tool), which has no Node.js and reaches
# no registry. Two steps:
#
#   bash scripts/device-scaling.sh prepare   # here: saves the benchmark blocks, bundles bench/replay.ts
#                                            # and the worker entries, compresses Node 22 into .device/
#   bash scripts/device-scaling.sh run       # there (carry [".device"]): replays each block on the
#                                            # sequential engine and on 1, 2, 4, 8, 16 workers, in
#                                            # turns, then each worker count's ceiling
#
# `run` works here as well (on the bundle, as a check before spending device time).
# TXS (default 4000), WORKLOADS (default erc20-independent,swaps-100-pools), RUNS (default 8),
# WARMUP (default 3) and ENGINES (default seq,par1,par2,par4,par8,par16) adjust it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.device

case "${1:-}" in
prepare)
  rm -rf "$out"
  mkdir -p "$out/blocks" "$out/node_modules"
  node_modules/.bin/node bench/snapshot.ts --txs "${TXS:-4000}" --out "$out/blocks" \
    --workload "${WORKLOADS:-erc20-independent,swaps-100-pools}"
  # One ESM file per thread entry; CommonJS dependencies get a `require`. The native secp256k1
  # binding is loaded at run time from .device/node_modules (esbuild cannot bundle a .node file).
  node_modules/.bin/esbuild bench/replay.ts bench/ceiling-worker.ts plugin/internal/execute/stm/executor-worker.ts \
    --bundle --platform=node --format=esm --target=node22 --entry-names='[name]' --outdir="$out" \
    --external:secp256k1/bindings.js --log-level=warning \
    --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
  cp -r node_modules/secp256k1 node_modules/node-gyp-build "$out/node_modules/"
  xz -T0 -6 -c < node_modules/.bin/node > "$out/node.xz"
  du -sh "$out"
  ;;
run)
  if [ ! -x "$out/node" ]; then
    python3 -c "import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],'wb'))" "$out/node.xz" "$out/node"
    chmod +x "$out/node"
  fi
  echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
  for block in "$out"/blocks/*.json; do
    "$out/node" "$out/replay.js" "$block" --runs "${RUNS:-8}" --warmup "${WARMUP:-3}" \
      --engines "${ENGINES:-seq,par1,par2,par4,par8,par16}" --ceiling
  done
  ;;
*)
  echo "usage: bash scripts/device-scaling.sh prepare|run" >&2
  exit 2
  ;;
esac
