#!/usr/bin/env bash
# one device call: cuda gpu tests after the review refactors (fragment loaders, sampler product), then
# the mma.sync path at 128K bf16 (hopper off), to compare with the 06:39 call
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 240 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.cuda --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
for i in 1 2; do
  JAVA_OPTS=-Dsampleattention.cuda.hopper=off timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 3 --quiet --json $OUT/bench-mma-$i.json > /dev/null 2>&1
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
for f in $OUT/bench-mma-*.json; do echo "$(basename $f) $(python3 -c "import json;d=json.load(open('$f'));s=d['sparse'];print('dense',round(d['dense']['medianMs'],1),'sa',round(s['medianMs'],2),round(s['sampleMs'],2),round(s['filterMs'],2),round(s['attendMs'],2))")"; done
