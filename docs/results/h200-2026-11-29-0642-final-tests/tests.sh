#!/usr/bin/env bash
# the final call: every gpu test but the large kit, then the kit at large size on both GPU backends
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> $OUT/when.txt
timeout 300 bash $B/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
echo "tests done $(date -u '+%F %T') UTC" >> $OUT/when.txt
for be in cuda opencl; do
  timeout 130 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend $be --size large --report $OUT/kit-$be > $OUT/conformance-$be-large.txt 2>&1
  tail -2 $OUT/conformance-$be-large.txt
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
