#!/usr/bin/env bash
# the kit at large size on the cpu backend on the host's 16 cores, on the session's final code
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 150 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend cpu --size large --quiet --report $OUT/kit-cpu-large > $OUT/conformance-cpu-large.txt 2>&1
echo "cpu large: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cpu-large.txt) $(date -u '+%T')" >> $OUT/when.txt
cat $OUT/when.txt
(cd $OUT && tar czf run.tgz --remove-files when.txt conformance-*.txt kit-*)
