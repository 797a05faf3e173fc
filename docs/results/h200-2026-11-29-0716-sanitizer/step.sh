#!/usr/bin/env bash
# compute-sanitizer on one SampleAttention bench call per kernel family (4100 tokens: tails in every
# tile, the filter's global sort merges): memcheck, racecheck, synccheck, initcheck on the Hopper
# kernels; memcheck and racecheck on the mma.sync kernels (hopper off); memcheck on d 64 and the f32
# row-wise kernels
set -u
B=.gpu-bundle
export JAVA_TOOL_OPTIONS=
S="compute-sanitizer --target-processes all --print-limit 20"
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --quiet --repeats 1 --warmup 0 --workload llm --seq-len 4100 --heads 4 --kv-heads 2"
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
compute-sanitizer --version | tail -1 >> $OUT/when.txt
run() {  # name, tool, extra args...
  local name=$1 tool=$2; shift 2
  timeout 170 $S --tool $tool $CLI "$@" > $OUT/$name.txt 2>&1
  echo "$name: rc $? $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' $OUT/$name.txt | tr '\n' ' ') $(date -u '+%T')" >> $OUT/when.txt
}
run memcheck-hopper-bf16-d128 memcheck --head-dim 128 --dtype bf16
run racecheck-hopper-bf16-d128 racecheck --head-dim 128 --dtype bf16
run synccheck-hopper-bf16-d128 synccheck --head-dim 128 --dtype bf16
run initcheck-hopper-bf16-d128 initcheck --head-dim 128 --dtype bf16
JAVA_OPTS=-Dsampleattention.cuda.hopper=off run memcheck-mma-f16-d128 memcheck --head-dim 128 --dtype f16
JAVA_OPTS=-Dsampleattention.cuda.hopper=off run racecheck-mma-f16-d128 racecheck --head-dim 128 --dtype f16
run memcheck-hopper-bf16-d64 memcheck --head-dim 64 --dtype bf16
run memcheck-rowwise-f32-d96 memcheck --head-dim 96 --dtype f32
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
for f in $OUT/*check*.txt; do echo "== $(basename $f)"; grep -v "^WARNING: Using incubator" $f | head -12; done
(cd $OUT && tar czf run.tgz --remove-files when.txt *check*.txt)
