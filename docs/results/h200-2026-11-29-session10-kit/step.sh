#!/usr/bin/env bash
# Session 10's code (cuda f32 tile kernels; rerun at 14:47 on the final, double-buffered ones): the kit at small and large size on the cuda backend, whose
# published reports (docs/conformance/h200-*/cuda.*) came from the row-wise f32 kernels; opencl is unchanged.
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
for size in small large; do
  timeout 200 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend cuda --size $size \
    --quiet --report $OUT/kit-cuda-$size > $OUT/conformance-cuda-$size.txt 2>&1
  echo "cuda $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cuda-$size.txt) $(date -u '+%T')"
done
echo "end $(date -u '+%T')"
