#!/bin/bash
# One device call on the H200 host (session 10): demo and bench after the demo's timing change (dc4e13e),
# on the cuda and opencl backends; run from the repository root, output under $OUT.
run() {
  echo "# $(date -u '+%F %H:%M:%S') UTC: sampleattention $*"
  bash .gpu-bundle/run.sh main org.sampleattention.cli.SampleAttentionCli "$@" 2>&1 | grep -v "WARNING"
}
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
run demo --backend cuda --dtype bf16 --out "$OUT/demo-cuda"
run demo --backend opencl --dtype bf16 --out "$OUT/demo-opencl"
run bench --backend cuda --seq-len 131072 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --repeats 3 \
  --json "$OUT/bench-cuda-bf16-131072.json"
echo "# done $(date -u '+%H:%M:%S')"

# The second device call (14:08 UTC, output in step2.txt): the same demo at 128K tokens, since at the demo's
# 16K default the H200 times mostly launch overheads (cuda 0.69x, opencl 1.43x in step.txt):
#   for b in cuda opencl; do bash .gpu-bundle/run.sh main org.sampleattention.cli.SampleAttentionCli demo \
#     --backend $b --dtype bf16 --seq-len 131072 --out $OUT/demo-$b; done

# Third call (14:09 UTC, step3.txt): the default demo once it ran accelerators at 128K, still in f32:
#   for b in cuda opencl; do bash .gpu-bundle/run.sh main org.sampleattention.cli.SampleAttentionCli demo \
#     --backend $b --out $OUT/demo-$b; done
# cuda's f32 path (row-wise kernels) took 44.5 s dense and 10.1 s SampleAttention, 239 s in all; opencl's 2.6 s.
# Fourth call (14:16 UTC, step4.txt): the same command once the demo defaults accelerators to bf16.
