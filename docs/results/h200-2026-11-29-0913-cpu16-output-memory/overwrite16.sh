#!/usr/bin/env bash
# output memory for overwriting (malloc, first touched by the tasks) against zero-filled (Arena.allocate),
# cpu backend on the host's 16 cores; StageBench medians, the two builds alternating
set -u
B=.gpu-bundle
for round in 1 2; do for v in cur ovw; do
  rm -rf $B/modules/backend-cpu/classes $B/modules/api/classes
  cp -r $B/hv3/$v $B/modules/backend-cpu/classes && cp -r $B/hv3/$v-api $B/modules/api/classes
  for n in 4096 8192 32768; do
    timeout 60 bash $B/run.sh main org.sampleattention.cpu.StageBench $n 9 sparse $v 2>&1 | grep -v WARN >> $OUT/overwrite16.txt
  done
  timeout 60 bash $B/run.sh main org.sampleattention.cpu.StageBench 8192 9 dense $v 2>&1 | grep -v WARN >> $OUT/overwrite16.txt
done; done
date -u '+%F %T UTC' >> $OUT/overwrite16.txt
cat $OUT/overwrite16.txt
