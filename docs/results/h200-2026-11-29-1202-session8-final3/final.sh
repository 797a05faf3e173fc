#!/usr/bin/env bash
# session 8, the final code (ParallelLoop waits for its workers on an interrupt, bit-identity tests, target verdicts):
# every gpu test but the large kit, the kit at small size on both GPU backends, the cpu kit at large size and
# the cpu backend's own tests on the host's 16 cores, PerformanceTargets at 4K-32K on them, the CLI bench at 32K
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> $OUT/when.txt
timeout 330 bash $B/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
echo "tests done $(date -u '+%F %T') UTC" >> $OUT/when.txt
for be in cuda opencl; do
  timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend $be --size small --quiet --report $OUT/kit-$be-small > $OUT/conformance-$be-small.txt 2>&1
  echo "$be small: $(grep -E '^(PASS|FAIL)' $OUT/conformance-$be-small.txt) $(date -u '+%T')" >> $OUT/when.txt
done
timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend cpu --size large --quiet --report $OUT/kit-cpu-large > $OUT/conformance-cpu-large.txt 2>&1
echo "cpu large: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cpu-large.txt) $(date -u '+%T')" >> $OUT/when.txt
timeout 120 bash $B/run.sh test --include-package org.sampleattention.cpu --exclude-tag gpu > $OUT/cpu-tests-full.txt 2>&1
tail -16 $OUT/cpu-tests-full.txt > $OUT/cpu-tests.txt; grep -E "✘" -A3 $OUT/cpu-tests-full.txt | head -40 >> $OUT/cpu-tests.txt; rm $OUT/cpu-tests-full.txt
echo "cpu tests done $(date -u '+%T')" >> $OUT/when.txt
timeout 150 bash $B/run.sh main org.sampleattention.benchmarks.PerformanceTargets sgemm=960 repeats=5 lengths=4096,8192,16384,32768 > $OUT/targets-cpu16.txt 2>&1
echo "cpu targets done $(date -u '+%T')" >> $OUT/when.txt
timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cpu --seq-len 32768 --dtype f32 --workload llm --repeats 3 --quiet > $OUT/bench-cpu16-32k.txt 2>&1
echo "cpu bench 32K done $(date -u '+%T')" >> $OUT/when.txt
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt $OUT/cpu-tests.txt $OUT/targets-cpu16.txt $OUT/bench-cpu16-32k.txt
(cd $OUT && tar czf run.tgz --remove-files when.txt gpu-tests.txt cpu-tests.txt targets-cpu16.txt conformance-*.txt kit-* bench-cpu16-32k.txt)
