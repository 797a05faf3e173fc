#!/bin/bash
# Session 10's review commit: the sampling argument list written once, the f32 sampler's pass 2 on SampledTile.
# Every cuda gpu test but the large kit, on the H200.
set -u
echo "start $(date -u '+%F %T') UTC"
timeout 300 bash .gpu-bundle/run.sh test --include-tag gpu --include-classname '.*Cuda.*' \
  --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt | grep "tests\|containers failed"; grep -E "■|✘" -A3 $OUT/full.txt | head -30; rm $OUT/full.txt
echo "end $(date -u '+%T')"
