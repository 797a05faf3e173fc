#!/usr/bin/env bash
# Session 11's final code: README's headline rerun (the record is session 5's, 07:31 UTC): 128K tokens, 32/8 heads,
# d 128, bf16, PyTorch's FlashAttention-2 and cuDNN beside the cuda and opencl backends in one call.
set -u
B=.gpu-bundle
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli"
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
echo "# $(date -u '+%T') UTC: torch_peer.py --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16"
python3 $B/torch_peer.py --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --json $OUT/peer-bf16-131072.json
for be in cuda opencl; do
  echo "# $(date -u '+%T') UTC: sampleattention bench --backend $be --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --repeats 3"
  timeout 150 $CLI bench --backend $be --quiet --json $OUT/bench-$be-bf16-131072.json --seq-len 131072 --heads 32 \
    --kv-heads 8 --head-dim 128 --dtype bf16 --repeats 3 2>&1 | grep -v WARNING
done
echo "end $(date -u '+%T')"
