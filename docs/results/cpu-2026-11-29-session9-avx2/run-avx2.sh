#!/bin/bash
# AVX2 code path on the 2-core AMD machine: the JIT limited to AVX2 (-XX:UseAVX=2, 256-bit vectors), the AVX2 SGEMM peer (OPENBLAS_CORETYPE=Haswell)
cd /work/main
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
echo "# $(date -u '+%F %H:%M') UTC, 2 AMD EPYC vCPUs (AVX-512 hardware, JIT limited to AVX2), Temurin 25, code at $(git rev-parse --short HEAD); in this order:"
echo "# OPENBLAS_CORETYPE=Haswell python3 benchmarks/scripts/sgemm_peer.py 4096 7"
OPENBLAS_CORETYPE=Haswell python3 benchmarks/scripts/sgemm_peer.py 4096 7
echo "# java -XX:UseAVX=2 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=${SGEMM:-244} repeats=7 lengths=4096,8192,16384,32768"
$JAVA_HOME/bin/java -XX:UseAVX=2 --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=${SGEMM:-244} repeats=7 lengths=4096,8192,16384,32768 2>&1 | grep -v WARN
echo "# the SGEMM peer again, after"
OPENBLAS_CORETYPE=Haswell python3 benchmarks/scripts/sgemm_peer.py 4096 7
echo "# done $(date -u '+%H:%M')"
