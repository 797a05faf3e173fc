#!/bin/bash
# Session 10 (14:42 UTC): the f32 attention tiles double buffered through cp.async. The cuda attention, f32 tile,
# conformance and end-to-end gpu tests, then bench at 128K f32 with 8/2 and 32/8 heads (the single-buffered
# kernel's figures: ../h200-2026-11-29-session10-cuda-f32/ and ../h200-2026-11-29-session10-query-tile/).
set -u
echo "start $(date -u '+%F %T') UTC"
timeout 300 bash .gpu-bundle/run.sh test --include-tag gpu --include-classname '.*Cuda(F32Tiles|Attention|Conformance|EndToEnd)GpuTest' > $OUT/t.txt 2>&1
tail -15 $OUT/t.txt | grep "tests\|containers failed"; grep "✘" -A3 $OUT/t.txt | head -20
for h in 2 8; do
bash .gpu-bundle/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend cuda --seq-len 131072 --heads $((4*h)) --kv-heads $h --head-dim 128 --dtype f32 --repeats 3 --quiet 2>&1 | grep -v WARNING
done
echo "end $(date -u '+%T')"
