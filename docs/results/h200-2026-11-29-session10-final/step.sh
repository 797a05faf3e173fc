#!/bin/bash
# Session 10's final code (cuda f32 sampling pass 1 double buffered): every gpu test but the large kit, then bench
# at 128K f32 on cuda with 8/2 and 32/8 heads (the previous kernels' figures: ../h200-2026-11-29-session10-cuda-f32-db/).
set -u
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
timeout 400 bash .gpu-bundle/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt | grep "tests\|containers failed"; grep -E "■|✘" -A3 $OUT/full.txt | head -20; rm $OUT/full.txt
for h in 2 8; do
  echo "# $(date -u '+%T') UTC: sampleattention bench --backend cuda --seq-len 131072 --heads $((4*h)) --kv-heads $h --head-dim 128 --dtype f32 --repeats 3"
  bash .gpu-bundle/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 \
    --heads $((4*h)) --kv-heads $h --head-dim 128 --dtype f32 --repeats 3 --quiet --json $OUT/bench-cuda-f32-131072-h$((4*h)).json 2>&1 | grep -v WARNING
done
echo "end $(date -u '+%T')"
