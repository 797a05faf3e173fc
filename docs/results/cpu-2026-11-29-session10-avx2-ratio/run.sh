#!/bin/bash
# The default sample ratio's trade on the AVX2 path (the instruction set of the machine issue 4 names):
# 2 AMD EPYC vCPUs, the JIT limited to AVX2 (-XX:UseAVX=2, 256-bit vectors), cpu backend, 32K f32, 8/2 heads,
# the kit's LLM-like workload, the three ratios of docs/sample-ratio-decision.md alternated twice.
cd "$(dirname "$0")/../../.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
out=docs/results/cpu-2026-11-29-session10-avx2-ratio
echo "# $(date -u '+%F %H:%M') UTC, code at $(git rev-parse --short HEAD)"
for round in 1 2; do
  for r in 0.05 0.025 0.0125; do
    echo "# round $round: JAVA_OPTS=-XX:UseAVX=2 ./sampleattention bench --backend cpu --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 128 --dtype f32 --workload llm --repeats 3 --warmup 1 --sample-ratio $r --json $out/bench-avx2-ratio-$r-round$round.json"
    JAVA_OPTS=-XX:UseAVX=2 ./sampleattention bench --backend cpu --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 128 \
      --dtype f32 --workload llm --repeats 3 --warmup 1 --sample-ratio $r --json $out/bench-avx2-ratio-$r-round$round.json
  done
done
echo "# done $(date -u '+%H:%M')"
