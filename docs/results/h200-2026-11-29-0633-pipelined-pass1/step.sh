#!/usr/bin/env bash
# one device call: cuda gpu tests, then the 128K stage times (CLI bench, CudaBench) on the same code
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 240 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.cuda --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
for i in 1 2; do
timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --quiet --json $OUT/bench-cuda-bf16-131072-$i.json > /dev/null 2>&1
done
timeout 120 bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench e2e 131072 32 8 128 5 > $OUT/cuda-e2e-131072.jsonl 2>&1
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt; grep medianMs $OUT/cuda-e2e-131072.jsonl | cut -c1-300
for i in 1 2; do python3 -c "import json;d=json.load(open('$OUT/bench-cuda-bf16-131072-$i.json'));print(json.dumps(d['sparse']))"; done
