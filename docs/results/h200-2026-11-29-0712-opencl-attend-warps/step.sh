#!/usr/bin/env bash
# opencl attention with 4 or 8 warps (64 or 128 query rows) per work-group: gpu tests with 8, then the
# bench of both, alternating, with cuda in the same call for the ratio
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
JAVA_OPTS=-Dsampleattention.opencl.attendWarps=8 timeout 200 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.opencl --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
echo "tests done $(date -u '+%F %T') UTC" >> $OUT/when.txt
for round in 1 2; do
for n in 32768 131072; do
  for wp in 4 8; do
    JAVA_OPTS=-Dsampleattention.opencl.attendWarps=$wp timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend opencl --seq-len $n --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --quiet --json $OUT/bench-opencl-w$wp-$n-r$round.json > /dev/null 2>&1
  done
  [ $round = 1 ] && timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len $n --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --quiet --json $OUT/bench-cuda-$n.json > /dev/null 2>&1
done; done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
python3 - <<PY
import json,os,glob
out=os.environ['OUT']
for f in sorted(glob.glob(f'{out}/bench-*.json')):
  d=json.load(open(f)); s=d['sparse']
  print(os.path.basename(f), f"dense {d['dense']['medianMs']:.2f} sa {s['medianMs']:.2f} ({s['sampleMs']:.2f}+{s['filterMs']:.2f}+{s['attendMs']:.2f}) relL2 {s['relL2VsDense']:.3e}")
PY
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt gpu-tests.txt)
