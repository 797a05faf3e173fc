#!/usr/bin/env bash
# which of the cpu kernel changes costs sampling time on the host's 16 Intel cores: main's classes (old),
# the new ones (polynomial exp, lane sums, grouped heads), and the new ones with the JDK's EXP (svml)
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/variants.txt
for round in 1 2; do for v in old new svml; do
  rm -rf $B/modules/backend-cpu/classes && cp -r $B/hv/$v $B/modules/backend-cpu/classes
  timeout 60 bash $B/run.sh main org.sampleattention.cpu.StageBench 32768 9 sample $v 2>&1 | grep -v WARN >> $OUT/variants.txt
  timeout 60 bash $B/run.sh main org.sampleattention.cpu.StageBench 65536 7 sample $v 2>&1 | grep -v WARN >> $OUT/variants.txt
  timeout 90 bash $B/run.sh main org.sampleattention.cpu.StageBench 32768 5 dense $v 2>&1 | grep -v WARN >> $OUT/variants.txt
done; done
echo "end $(date -u '+%F %T') UTC" >> $OUT/variants.txt
cat $OUT/variants.txt
