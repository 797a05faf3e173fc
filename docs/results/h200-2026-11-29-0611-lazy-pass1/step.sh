#!/usr/bin/env bash
# one device call: cuda gpu tests, then the 128K stage times (CLI bench, CudaBench) on the same code
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 240 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.cuda --exclude-classname '.*LargeConformance.*' > $OUT/gpu-tests-full.txt 2>&1
tail -16 $OUT/gpu-tests-full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/gpu-tests-full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/gpu-tests-full.txt
timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --quiet --json $OUT/bench-cuda-bf16-131072.json > /dev/null 2>&1
timeout 120 bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench e2e 131072 32 8 128 5 > $OUT/cuda-e2e-131072.jsonl 2>&1
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt; tail -4 $OUT/cuda-e2e-131072.jsonl
python3 -c "import json;d=json.load(open('$OUT/bench-cuda-bf16-131072.json'));print(json.dumps(d['sparse']))"
