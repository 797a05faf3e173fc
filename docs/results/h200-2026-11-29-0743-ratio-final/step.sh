#!/usr/bin/env bash
# the sample-ratio trade on the final code (filter reading below the residual ends, bench warmed up >= 1 s): 128K bf16
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
python3 $B/torch_peer.py --seq-len 131072 --dtype bf16 --json $OUT/peer-bf16-131072.json > /dev/null 2>&1
for r in 0.05 0.025 0.0125; do
  timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --sample-ratio $r --quiet --json $OUT/bench-cuda-bf16-131072-ratio-$r.json > /dev/null 2>&1
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
python3 - <<PY
import json,os
out=os.environ['OUT']
p=json.load(open(f'{out}/peer-bf16-131072.json'))['peers']; print('fa2',p['flash2']['medianMs'],'cudnn',p['cudnn']['medianMs'])
for r in ('0.05','0.025','0.0125'):
  s=json.load(open(f'{out}/bench-cuda-bf16-131072-ratio-{r}.json'))['sparse']
  print(r, f"sa {s['medianMs']:.2f} ({s['sampleMs']:.2f}+{s['filterMs']:.2f}+{s['attendMs']:.2f}) share {(s['sampleMs']+s['filterMs'])/s['medianMs']*100:.2f}% vs cudnn {p['cudnn']['medianMs']/s['medianMs']:.2f}x density {s['density']:.4f} cov {s['meanCoverage']:.4f} l2 {s['relL2VsDense']:.3e}")
PY
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt)
