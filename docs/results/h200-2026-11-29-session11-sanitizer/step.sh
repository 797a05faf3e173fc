#!/usr/bin/env bash
# compute-sanitizer on the kernels added since the 07:16 UTC run (h200-2026-11-29-0716-sanitizer): the f32 SIMT tiles
# (session 10; memcheck, racecheck, synccheck, initcheck at d 96, memcheck at d 128 and 64) and the head-dim padding
# (session 11: layout.cu around the tiles; memcheck and initcheck at d 80 in bf16, memcheck in f32), and the
# row-wise kernels where they still run (memcheck at d 300, f32). One SampleAttention bench call each, 4100 tokens.
set -u
B=.gpu-bundle
S="compute-sanitizer --target-processes all --print-limit 20"
CLI="bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --quiet --repeats 1 --warmup 0 --warmup-seconds 0 --workload llm --seq-len 4100 --heads 4 --kv-heads 2"
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
compute-sanitizer --version | tail -1 >> $OUT/when.txt
run() {  # name, tool, extra args...
  local name=$1 tool=$2; shift 2
  timeout 170 $S --tool $tool $CLI "$@" > $OUT/$name.txt 2>&1
  echo "$name: rc $? $(grep -E 'ERROR SUMMARY|RACECHECK SUMMARY' $OUT/$name.txt | tr '\n' ' ') $(date -u '+%T')" >> $OUT/when.txt
}
run memcheck-simt-f32-d96 memcheck --head-dim 96 --dtype f32
run racecheck-simt-f32-d96 racecheck --head-dim 96 --dtype f32
run synccheck-simt-f32-d96 synccheck --head-dim 96 --dtype f32
run initcheck-simt-f32-d96 initcheck --head-dim 96 --dtype f32
run memcheck-simt-f32-d128 memcheck --head-dim 128 --dtype f32
run memcheck-simt-f32-d64 memcheck --head-dim 64 --dtype f32
run memcheck-padded-bf16-d80 memcheck --head-dim 80 --dtype bf16
run initcheck-padded-bf16-d80 initcheck --head-dim 80 --dtype bf16
run memcheck-padded-f32-d80 memcheck --head-dim 80 --dtype f32
run memcheck-rowwise-f32-d300 memcheck --head-dim 300 --dtype f32
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
for f in $OUT/*check*.txt; do echo "== $(basename $f)"; grep -v "^WARNING: Using incubator" $f | head -12; done
(cd $OUT && tar czf run.tgz --remove-files when.txt *check*.txt)
