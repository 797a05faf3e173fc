#!/usr/bin/env bash
# one device call: cuda gpu tests on the transposed mma.sync pass 2, then sampling at 128K with the
# mma.sync kernels (hopper off): this code, then the code before it (its backend-cuda classes swapped in)
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 240 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.cuda --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
cp -r $B /tmp/old-bundle && rm -rf /tmp/old-bundle/modules/backend-cuda/classes && cp -r $B/old-cuda-classes /tmp/old-bundle/modules/backend-cuda/classes
for i in 1 2; do
  for which in new old; do
    R=$B; [ $which = old ] && R=/tmp/old-bundle
    JAVA_OPTS=-Dsampleattention.cuda.hopper=off timeout 120 bash $R/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 3 --quiet --json $OUT/bench-mma-$which-$i.json > /dev/null 2>&1
  done
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
for f in $OUT/bench-mma-*.json; do echo "$(basename $f) $(python3 -c "import json;s=json.load(open('$f'))['sparse'];print(round(s['medianMs'],2),round(s['sampleMs'],2),round(s['filterMs'],2),round(s['attendMs'],2),s['meanCoverage'],s['relL2VsDense'])")"; done
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt)
