#!/usr/bin/env bash
# experiment (not the library's code): SampleBlocks with at least two sampled blocks; the kit at small
# size with the sampling cases at 1.25%, on cuda and opencl
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
for be in cuda opencl; do
  timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend $be --size small --sample-ratio 0.0125 --quiet --report $OUT/kit-$be-small-0.0125 > $OUT/conformance-$be-small-0.0125.txt 2>&1
  echo "$be: $(grep -E '^(PASS|FAIL)' $OUT/conformance-$be-small-0.0125.txt) $(date -u '+%T')" >> $OUT/when.txt
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
(cd $OUT && tar czf run.tgz --remove-files when.txt conformance-*.txt kit-*)
