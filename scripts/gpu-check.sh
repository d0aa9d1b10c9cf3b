#!/usr/bin/env bash
# GPU check: runs the feature models (text embeddings, BlazeFace, face expressions, Silero VAD) on generated
# input with each execution provider that starts (CUDA, WebGPU) and with CPU, and prints a table of times and
# the largest output difference of each GPU provider against CPU. On a machine without a GPU it says so and
# still runs the CPU rows, exiting 0.
#
#   bash scripts/gpu-check.sh [--json]
#
# CUDA through onnxruntime-node needs its CUDA 12 provider libraries, which `npm ci` skips here on purpose
# (package.json allowScripts); on a GPU machine with network access install them with
#   ONNXRUNTIME_NODE_INSTALL_CUDA=v12 npm rebuild onnxruntime-node
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== machine"
echo "cpu: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | sed 's/^/gpu: /'
else
  echo "gpu: none found (no working nvidia-smi); CUDA rows will be skipped, WebGPU is still tried"
fi
if ! command -v node >/dev/null 2>&1; then
  echo "node is not installed: cannot run the check" >&2
  exit 1
fi
if [ ! -d node_modules/onnxruntime-node ]; then
  echo "node_modules is missing: run npm ci first" >&2
  exit 1
fi
ls node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so >/dev/null 2>&1 \
  || echo "note: onnxruntime-node has no CUDA provider library here (see the header of this script)"

echo "== feature models on generated input (and Debian's facedetect portrait when present)"
exec node bin/run-ts.mjs scripts/gpu-check.ts "$@"
