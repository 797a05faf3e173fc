#!/usr/bin/env bash
# session 9: the cpu backend's AVX2 path on the GPU host's Intel Xeon (16 cores), next to its AVX-512 path:
# the kernel and backend tests at 256- and 128-bit vectors, the SGEMM peers (numpy, default and AVX2 kernels),
# PerformanceTargets with the JIT limited to AVX2 and unlimited, at 4K-32K
set -u
B=.gpu-bundle
T="--include-classname .*(VectorWidthTest|TileKernelsTest|CpuAttentionTest|CpuSamplerTest|CpuVectorConformanceTest)"
{ echo "start $(date -u '+%F %T') UTC"; lscpu | grep -E "Model name|^CPU\(s\)|Thread|L2|L3|avx512f" | cut -c1-120; } > $OUT/when.txt
for w in "32 8" "16 4"; do set -- $w
  JAVA_OPTS="-XX:MaxVectorSize=$1 -Dsampleattention.test.lanes=$2" timeout 150 bash $B/run.sh test $T > $OUT/full.txt 2>&1
  { echo "## tests, MaxVectorSize=$1 ($2 lanes)"; tail -16 $OUT/full.txt; grep -E "✘" -A3 $OUT/full.txt | head -40; } >> $OUT/cpu-tests.txt; rm $OUT/full.txt
  echo "tests $1 done $(date -u '+%T')" >> $OUT/when.txt
done
python3 -c "import numpy; print(numpy.__version__)" >> $OUT/when.txt 2>&1
sg() { timeout 60 env "$@" python3 benchmarks/scripts/sgemm_peer.py 4096 7 2>&1 | tail -1; }
{ echo "# sgemm default: $(sg OPENBLAS_VERBOSE=0)"; echo "# sgemm Haswell: $(sg OPENBLAS_CORETYPE=Haswell)"; } > $OUT/sgemm.txt
AVX2=$(grep Haswell $OUT/sgemm.txt | python3 -c "import sys,json; l=sys.stdin.read(); print(round(json.loads(l[l.index('{'):])['gflops']))" 2>/dev/null || echo 0)
DEF=$(grep default $OUT/sgemm.txt | python3 -c "import sys,json; l=sys.stdin.read(); print(round(json.loads(l[l.index('{'):])['gflops']))" 2>/dev/null || echo 0)
echo "sgemm done $(date -u '+%T') avx2=$AVX2 default=$DEF" >> $OUT/when.txt
JAVA_OPTS="-XX:UseAVX=2" timeout 200 bash $B/run.sh main org.sampleattention.benchmarks.PerformanceTargets sgemm=$AVX2 repeats=5 lengths=4096,8192,16384,32768 > $OUT/targets-avx2-cpu16.txt 2>&1
echo "avx2 targets done $(date -u '+%T')" >> $OUT/when.txt
timeout 150 bash $B/run.sh main org.sampleattention.benchmarks.PerformanceTargets sgemm=$DEF repeats=5 lengths=4096,8192,16384,32768 > $OUT/targets-avx512-cpu16.txt 2>&1
echo "avx512 targets done $(date -u '+%T')" >> $OUT/when.txt
{ echo "# sgemm after: Haswell $(sg OPENBLAS_CORETYPE=Haswell)"; } >> $OUT/sgemm.txt
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/cpu-tests.txt $OUT/sgemm.txt $OUT/targets-avx2-cpu16.txt $OUT/targets-avx512-cpu16.txt
