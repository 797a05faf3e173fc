#!/usr/bin/env bash
# Session 11, second call (step.sh's peers failed: torch_peer.py was not in the bundle): d = 80 and the native d = 96 at
# 128K bf16, 32/8 heads, each beside PyTorch's FlashAttention-2 and cuDNN at the same head dim; then the kit on cuda
# again for its reports (docs/conformance/h200-*/cuda.*). Everything comes back in one archive.
set -u
B=.gpu-bundle
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli"
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
for d in 80 96; do
  echo "# $(date -u '+%T') UTC: torch_peer.py --seq-len 131072 --heads 32 --kv-heads 8 --head-dim $d --dtype bf16"
  python3 $B/torch_peer.py --seq-len 131072 --heads 32 --kv-heads 8 --head-dim $d --dtype bf16 --json $OUT/peer-bf16-d$d-131072.json
  echo "# $(date -u '+%T') UTC: sampleattention bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim $d --dtype bf16 --repeats 3"
  timeout 120 $CLI bench --backend cuda --quiet --json $OUT/bench-bf16-d$d-131072-peers.json --seq-len 131072 --heads 32 \
    --kv-heads 8 --head-dim $d --dtype bf16 --repeats 3 2>&1 | grep -v WARNING
done
for size in small large; do
  timeout 200 $CLI conformance --backend cuda --size $size --quiet --report $OUT/kit-cuda-$size > $OUT/conformance-cuda-$size-reports.txt 2>&1
  echo "cuda kit $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cuda-$size-reports.txt) $(date -u '+%T')"
done
echo "end $(date -u '+%T')"
(cd $OUT && tar czf step2.tgz --remove-files *)
