#!/bin/bash
# Session 10: after the attention kernels' shared query-tile prologue (QueryTileKeys), the cuda gpu tests, and the
# mma.sync path's speed (hopper off) and the f32 tiles' at 128K as a check against the earlier calls.
set -u
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
timeout 400 bash .gpu-bundle/run.sh test --include-tag gpu --include-classname '.*Cuda.*' \
  --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt; grep -E "■|✘" -A3 $OUT/full.txt | head -40; rm $OUT/full.txt
bench() {  # bench JVM_OPTION DTYPE
  echo "# $(date -u '+%T') UTC: JAVA_OPTS=$1 sampleattention bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype $2 --repeats 3"
  bash .gpu-bundle/run.sh main "$1" org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 \
    --heads 32 --kv-heads 8 --head-dim 128 --dtype "$2" --repeats 3 --quiet 2>&1 | grep -v WARNING
}
bench -Dsampleattention.cuda.hopper=off bf16
bench -Dsampleattention.cuda.hopper=on f32
echo "end $(date -u '+%T')"
