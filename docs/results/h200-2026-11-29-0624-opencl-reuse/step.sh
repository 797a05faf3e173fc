#!/usr/bin/env bash
# one device call: opencl gpu tests on the reused buffers, then opencl and cuda at 32K and 128K
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 200 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.opencl --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
for n in 32768 131072; do for dt in bf16 f16; do
  [ $n = 131072 ] && [ $dt = f16 ] && continue
  for be in opencl cuda; do
    timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend $be --seq-len $n --heads 32 --kv-heads 8 --head-dim 128 --dtype $dt --workload llm --repeats 5 --quiet --json $OUT/bench-$be-$dt-$n.json > /dev/null 2>&1
  done
done; done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
python3 - <<PY
import json,os
out=os.environ['OUT']
for n,dt in ((32768,'bf16'),(32768,'f16'),(131072,'bf16')):
  r={}
  for be in ('opencl','cuda'):
    d=json.load(open(f'{out}/bench-{be}-{dt}-{n}.json')); s=d['sparse']; r[be]=s['medianMs']
    print(n,dt,be,f"dense {d['dense']['medianMs']:.2f} sa {s['medianMs']:.2f} ({s['sampleMs']:.2f}+{s['filterMs']:.2f}+{s['attendMs']:.2f})")
  print(n,dt,'opencl/cuda',round(r['opencl']/r['cuda'],3))
PY
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt)
