#!/bin/bash
# session 9 (after the AVX2 q.k blocks): cpu targets and the CLI bench at the default sample ratio on the final code (2-core AMD machine)
cd /work/main
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
O=${OUT:-docs/results/cpu-2026-11-29-session9-avx2}
{
echo "# $(date -u '+%F %H:%M') UTC, 2 AMD EPYC vCPUs (AVX-512), Temurin 25, code at $(git rev-parse --short HEAD); in this order:"
echo "# env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7
echo "# java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=460 repeats=7 lengths=4096,8192,16384,32768"
$JAVA_HOME/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=460 repeats=7 lengths=4096,8192,16384,32768 2>&1 | grep -v WARN
echo "# the SGEMM peer again, after"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7
echo "# $(date -u '+%H:%M') ./sampleattention bench --backend cpu --seq-len 32768 --dtype f32 --workload llm --repeats 3 --quiet --json bench-cpu-f32-32768-avx512.json"
./sampleattention bench --backend cpu --seq-len 32768 --dtype f32 --workload llm --repeats 3 --quiet --json $O/bench-cpu-f32-32768-avx512.json 2>&1 | grep -v WARN
echo "# done $(date -u '+%H:%M')"
} > $O/targets-avx512.txt 2>&1
