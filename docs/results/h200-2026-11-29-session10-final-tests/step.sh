#!/bin/bash
# Session 10's final code on the H200 host: every gpu test but the large kit (cuda, opencl, the new f32 tile tests).
set -u
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader), code at ed09973"
timeout 500 bash .gpu-bundle/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt > $OUT/gpu-tests.txt
grep -E "■|✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt
grep -A8 "CudaF32TilesGpuTest" $OUT/full.txt | head -30 >> $OUT/gpu-tests.txt
rm $OUT/full.txt
cat $OUT/gpu-tests.txt
echo "end $(date -u '+%T')"
