#!/usr/bin/env bash
# the conformance kit at large size with the sampling-dependent cases (3.x, 4.x) at lower sample ratios,
# on cuda, opencl and cpu: do the near-lossless criteria hold where the sampling share would meet 15%?
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> $OUT/when.txt
for r in 0.025 0.0125; do
  for be in cuda opencl; do
    timeout 150 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend $be --size large --sample-ratio $r --quiet --report $OUT/kit-$be-large-$r > $OUT/conformance-$be-large-$r.txt 2>&1
    echo "$be $r: $(grep -E '^(PASS|FAIL)' $OUT/conformance-$be-large-$r.txt) $(date -u '+%T')" >> $OUT/when.txt
  done
done
for r in 0.025 0.0125; do
  timeout 170 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend cpu --size large --sample-ratio $r --quiet --report $OUT/kit-cpu-large-$r > $OUT/conformance-cpu-large-$r.txt 2>&1
  echo "cpu $r: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cpu-large-$r.txt) $(date -u '+%T')" >> $OUT/when.txt
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
grep -h "FAIL " $OUT/conformance-*.txt | head -20
(cd $OUT && tar czf run.tgz --remove-files when.txt conformance-*.txt kit-*)
