#!/usr/bin/env bash
# where a sparse call's time goes on the host's 16 cores: packing, gathering, output allocation, q and
# output copies (PhaseStats on an instrumented build of the session's final cpu code)
set -u
B=.gpu-bundle
rm -rf $B/modules/backend-cpu/classes && cp -r $B/hv2/phases $B/modules/backend-cpu/classes
for n in 4096 8192 32768; do
  timeout 120 bash $B/run.sh main org.sampleattention.cpu.PhaseStats $n 2>&1 | grep -v WARN | sed "s/^/$n /" >> $OUT/phases16.txt
done
date -u '+%F %T UTC' >> $OUT/phases16.txt
cat $OUT/phases16.txt
