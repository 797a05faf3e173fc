#!/usr/bin/env bash
# The cuda backend's benchmark on a GPU host, peers in the same call (DESIGN.md section 6). Run from
# the project root with a bundle made by ../shared/gpu-host/bundle.sh, torch_peer.py beside run.sh:
#
#   bash backend-cuda/gpu-bench.sh BUNDLE_DIR OUT_DIR
#
# Writes OUT_DIR/bench.log (one JSON object per line: dense 32K-128K, SampleAttention end to end at
# 128K, and 1M tokens with 8 q-heads / 2 kv-heads) and OUT_DIR/peer-N.json (PyTorch SDPA FA2 / cuDNN).
set -uo pipefail
b=${1:?bundle dir}; out=${2:?output dir}
run() { timeout "$1" bash "$b/run.sh" main org.sampleattention.cuda.bench.CudaBench "${@:2}" 2>&1 | grep '^{' | tee -a "$out/bench.log"; }
run 120 dense 32768,65536,131072
for n in 32768 65536 131072; do
  timeout 100 python3 "$b/torch_peer.py" --seq-len $n --json "$out/peer-$n.json"
done
run 150 e2e 131072
run 200 e2e 1048576 8 2 128 2
