#!/bin/bash
# Session 10, one device call on the H200 host: the cuda backend's f32 tile kernels (attention_simt_f32,
# sample_simt_f32) checked by every cuda gpu test but the large kit, then timed at 128K f32 with opencl's f32
# tiles as the peer in the same call (the row-wise kernels they replace: ../h200-2026-11-29-session10-demo/step3.txt).
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
timeout 400 bash $B/run.sh test --include-tag gpu --include-classname '.*Cuda.*' \
  --exclude-classname '.*LargeConformance.*' > $OUT/cuda-tests-full.txt 2>&1
tail -15 $OUT/cuda-tests-full.txt; grep -E "✘" -A4 $OUT/cuda-tests-full.txt | head -60
echo "tests done $(date -u '+%T')"
bench() {
  echo "# $(date -u '+%T') UTC: sampleattention bench --seq-len 131072 --heads 8 --kv-heads 2 --head-dim 128 --dtype f32 --repeats 3 $*"
  bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --seq-len 131072 --heads 8 \
    --kv-heads 2 --head-dim 128 --dtype f32 --repeats 3 --quiet "$@" 2>&1 | grep -v WARNING
}
bench --backend cuda --json $OUT/bench-cuda-f32-131072.json
bench --backend opencl --json $OUT/bench-opencl-f32-131072.json
echo "end $(date -u '+%T')"
