#!/usr/bin/env bash
# the final call: the kit at small and large size on both GPU backends, on the session's final code
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> $OUT/when.txt
for size in small large; do for be in cuda opencl; do
  timeout 130 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend $be --size $size --quiet --report $OUT/kit-$be-$size > $OUT/conformance-$be-$size.txt 2>&1
  echo "$be $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-$be-$size.txt) $(date -u '+%T')" >> $OUT/when.txt
done; done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
(cd $OUT && tar czf run.tgz --remove-files when.txt conformance-*.txt kit-*)
