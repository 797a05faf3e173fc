#!/usr/bin/env bash
# the rising-score gpu tests of both backends on the kit's RisingScores generator
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 200 bash $B/run.sh test --include-tag gpu --include-classname '.*(CudaHopperGpuTest|OpenClTensorCoreGpuTest)' --include-methodname '.*KeepRising.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -40 >> $OUT/gpu-tests.txt; grep -c "✔" $OUT/full.txt >> $OUT/gpu-tests.txt; rm $OUT/full.txt
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
