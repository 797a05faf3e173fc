#!/usr/bin/env bash
# session 5 record: peers and both backends at 32K and 128K, bf16 and f16 (bench warms up for at least 1 s); cuda dense and 1M
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
for n in 131072 32768; do for dt in bf16 f16; do
  python3 $B/torch_peer.py --seq-len $n --dtype $dt --json $OUT/peer-$dt-$n.json > /dev/null 2>&1
  for be in cuda opencl; do
    timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend $be --seq-len $n --heads 32 --kv-heads 8 --head-dim 128 --dtype $dt --workload llm --repeats 3 --quiet --json $OUT/bench-$be-$dt-$n.json > /dev/null 2>&1
  done
done; done
timeout 100 bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench dense 32768,131072 32 8 128 3 > $OUT/cuda-dense.jsonl 2>&1
timeout 100 bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench e2e 131072 32 8 128 3 > $OUT/cuda-e2e.jsonl 2>&1
timeout 120 bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench e2e 1048576 8 2 128 2 >> $OUT/cuda-e2e.jsonl 2>&1
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
python3 - <<PY
import json,glob,os
out=os.environ['OUT']
for n in (131072,32768):
  for dt in ('bf16','f16'):
    p=json.load(open(f'{out}/peer-{dt}-{n}.json'))['peers']
    row=[f"{n} {dt} fa2 {p['flash2']['medianMs']:.1f} cudnn {p['cudnn']['medianMs']:.1f}"]
    for be in ('cuda','opencl'):
      try:
        d=json.load(open(f'{out}/bench-{be}-{dt}-{n}.json')); s=d['sparse']
        row.append(f"{be}: dense {d['dense']['medianMs']:.1f} sa {s['medianMs']:.2f} ({s['sampleMs']:.2f}+{s['filterMs']:.2f}+{s['attendMs']:.2f}) cov {s['meanCoverage']:.4f} l2 {s['relL2VsDense']:.2e}")
      except Exception as e: row.append(f"{be}: {e}")
    print(' | '.join(row))
PY
grep -h medianMs $OUT/cuda-dense.jsonl $OUT/cuda-e2e.jsonl | cut -c1-400
# at most 8 files come back: everything in one archive
(cd $OUT && tar czf record.tgz --remove-files *.json *.jsonl when.txt)
