#!/usr/bin/env bash
# Session 11: head dims without tile kernels run padded to the next tile dim (HeadDimPadding). Every gpu test but the
# large kit; then d = 80 timed: padded against the row-wise kernels (-Dsampleattention.cuda.padHeadDims=off) at 32K,
# padded at 128K beside PyTorch's FlashAttention-2 and cuDNN at d = 80 and the native d = 96 run; then the kit on cuda.
set -u
B=.gpu-bundle
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli"
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
timeout 300 bash $B/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt | grep "tests\|containers failed"; grep -E "■|✘" -A3 $OUT/full.txt | head -30
bench() { # name, then bench arguments
  local name=$1; shift
  echo "# $(date -u '+%T') UTC: sampleattention bench $*"
  timeout 240 $CLI bench --backend cuda --quiet --json $OUT/bench-$name.json "$@" 2>&1 | grep -v WARNING
}
for dt in bf16 f32; do
  bench $dt-d80-32768-padded --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 80 --dtype $dt --repeats 3
  JAVA_OPTS=-Dsampleattention.cuda.padHeadDims=off \
    bench $dt-d80-32768-rowwise --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 80 --dtype $dt --repeats 1 --warmup-seconds 0
done
for d in 80 96; do
  python3 $B/torch_peer.py --seq-len 131072 --heads 32 --kv-heads 8 --head-dim $d --dtype bf16 --json $OUT/peer-bf16-d$d-131072.json
  bench bf16-d$d-131072 --seq-len 131072 --heads 32 --kv-heads 8 --head-dim $d --dtype bf16 --repeats 3
done
for size in small large; do
  timeout 200 $CLI conformance --backend cuda --size $size --quiet --report $OUT/kit-cuda-$size > $OUT/conformance-cuda-$size.txt 2>&1
  echo "cuda kit $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cuda-$size.txt) $(date -u '+%T')"
done
echo "end $(date -u '+%T')"
