#!/usr/bin/env bash
# one device call: cuda gpu tests, the 128K record (peer + CLI bench + stage times), the kit at large size
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >> $OUT/when.txt
timeout 240 bash $B/run.sh test --include-tag gpu --include-package org.sampleattention.cuda --exclude-classname '.*LargeConformance.*' > $OUT/gpu-tests-full.txt 2>&1
tail -40 $OUT/gpu-tests-full.txt > $OUT/gpu-tests.txt; grep -E "FAILED|✘" $OUT/gpu-tests-full.txt | head -40 >> $OUT/gpu-tests.txt; rm $OUT/gpu-tests-full.txt
python3 $B/torch_peer.py --seq-len 131072 --dtype bf16 --json $OUT/peer-bf16-131072.json > /dev/null 2>&1
timeout 120 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 3 --quiet --json $OUT/bench-cuda-bf16-131072.json > /dev/null 2>&1
timeout 120 bash $B/run.sh main org.sampleattention.cuda.CudaBench e2e 131072 32 8 128 5 > $OUT/cuda-e2e-131072.jsonl 2>&1
echo "bench done $(date -u '+%F %T') UTC" >> $OUT/when.txt
timeout 200 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli conformance --backend cuda --size large --report $OUT/kit > $OUT/conformance-cuda-large.txt 2>&1
tail -5 $OUT/conformance-cuda-large.txt
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt; cat $OUT/gpu-tests.txt | tail -25; cat $OUT/cuda-e2e-131072.jsonl | tail -6
python3 -c "import json;d=json.load(open('$OUT/bench-cuda-bf16-131072.json'));print(json.dumps(d)[:1500])"
