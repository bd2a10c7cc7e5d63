#!/usr/bin/env bash
# Rebuild gemm.wasm from gemm.ts and dense.wasm from dense.ts (AssemblyScript, a dev dependency).
# The .wasm files are committed, so installing and running RewardLab never needs this step.
set -euo pipefail
cd "$(dirname "$0")"
asc=../../../node_modules/.bin/asc
$asc gemm.ts --outFile gemm.wasm -O3 --enable simd --runtime stub --noAssert --initialMemory 16
# dense.wasm imports its memory: every network instantiates it over a memory of its own.
$asc dense.ts --outFile dense.wasm -O3 --enable simd --runtime stub --noAssert --importMemory --initialMemory 1
ls -l gemm.wasm dense.wasm
