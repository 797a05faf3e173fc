#!/usr/bin/env bash
# Session 11: the cuda f32 sampler's pass 1 cut into key chunks (a block per chunk of a tile's keys, then a merge of
# the chunks' statistics) instead of a block per tile. Every gpu test but the large kit; bench f32 at 128K d 128 and
# 32K d 256 (before: h200-2026-11-29-session10-final, h200-2026-11-29-session11-f32-d256); compute-sanitizer on the
# new pass 1 and merge; the kit on cuda with its reports. One archive back.
set -u
B=.gpu-bundle
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli"
echo "start $(date -u '+%F %T') UTC, $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)"
timeout 300 bash $B/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -15 $OUT/full.txt | grep "tests\|containers failed"; grep -E "■|✘" -A3 $OUT/full.txt | head -30; rm $OUT/full.txt
bench() { # name, then bench arguments
  local name=$1; shift
  echo "# $(date -u '+%T') UTC: sampleattention bench $*"
  timeout 200 $CLI bench --backend cuda --quiet --json $OUT/bench-$name.json "$@" 2>&1 | grep -v WARNING
}
bench f32-d128-131072 --seq-len 131072 --heads 8 --kv-heads 2 --head-dim 128 --dtype f32 --repeats 3
bench f32-d256-32768 --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 256 --dtype f32 --repeats 3
bench f32-d64-32768 --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 64 --dtype f32 --repeats 3
S="compute-sanitizer --target-processes all --print-limit 20"
SAN="$CLI bench --backend cuda --quiet --repeats 1 --warmup 0 --warmup-seconds 0 --workload llm --heads 4 --kv-heads 2 --dtype f32"
for t in memcheck:9000:128 racecheck:4200:128 initcheck:9000:128 memcheck:9000:256; do
  IFS=: read tool n d <<< "$t"
  timeout 200 $S --tool $tool $SAN --seq-len $n --head-dim $d > $OUT/$tool-f32-d$d.txt 2>&1
  echo "$tool d$d ($n tokens): rc $? $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' $OUT/$tool-f32-d$d.txt) $(date -u '+%T')"
done
for size in small large; do
  timeout 200 $CLI conformance --backend cuda --size $size --quiet --report $OUT/kit-cuda-$size > $OUT/conformance-cuda-$size.txt 2>&1
  echo "cuda kit $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cuda-$size.txt) $(date -u '+%T')"
done
echo "end $(date -u '+%T')"
(cd $OUT && tar czf step.tgz --remove-files *)
