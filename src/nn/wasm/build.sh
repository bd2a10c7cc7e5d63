#!/usr/bin/env bash
# Rebuild gemm.wasm from gemm.ts (AssemblyScript, a dev dependency). The .wasm is committed,
# so installing and running RewardLab never needs this step.
set -euo pipefail
cd "$(dirname "$0")"
../../../node_modules/.bin/asc gemm.ts --outFile gemm.wasm -O3 --enable simd --runtime stub --noAssert --initialMemory 16
ls -l gemm.wasm
