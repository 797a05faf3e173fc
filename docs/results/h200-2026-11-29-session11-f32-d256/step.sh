#!/usr/bin/env bash
# Session 11: cuda f32 tiles at d = 256 (attention: four threads per row, keys of 16; sampling: two threads per row
# and per key), and with them f32 head dims 129-255 padded to 256. Every gpu test but the large kit; bench at 32K
# (d 256 on the tiles against d 255 on the row-wise kernels, padding off) and 128K; compute-sanitizer on d = 256;
# the kit on cuda at small and large size with its reports. One archive back.
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
bench f32-d256-32768 --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 256 --dtype f32 --repeats 3
JAVA_OPTS=-Dsampleattention.cuda.padHeadDims=off \
  bench f32-d255-32768-rowwise --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 255 --dtype f32 --repeats 1 --warmup-seconds 0
bench f32-d200-32768-padded --seq-len 32768 --heads 8 --kv-heads 2 --head-dim 200 --dtype f32 --repeats 3
bench f32-d256-131072 --seq-len 131072 --heads 8 --kv-heads 2 --head-dim 256 --dtype f32 --repeats 3
S="compute-sanitizer --target-processes all --print-limit 20"
SAN="$CLI bench --backend cuda --quiet --repeats 1 --warmup 0 --warmup-seconds 0 --workload llm --heads 4 --kv-heads 2 --dtype f32"
for t in memcheck:4100 racecheck:1100 synccheck:4100 initcheck:4100; do
  tool=${t%%:*}; n=${t#*:}
  timeout 200 $S --tool $tool $SAN --seq-len $n --head-dim 256 > $OUT/$tool-simt-f32-d256.txt 2>&1
  echo "$tool d256 ($n tokens): rc $? $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' $OUT/$tool-simt-f32-d256.txt) $(date -u '+%T')"
done
for size in small large; do
  timeout 200 $CLI conformance --backend cuda --size $size --quiet --report $OUT/kit-cuda-$size > $OUT/conformance-cuda-$size.txt 2>&1
  echo "cuda kit $size: $(grep -E '^(PASS|FAIL)' $OUT/conformance-cuda-$size.txt) $(date -u '+%T')"
done
echo "end $(date -u '+%T')"
(cd $OUT && tar czf step.tgz --remove-files *)
