#!/bin/bash
# session 9: the JMH benchmarks on the AVX2 path (JIT limited to AVX2) of the 2-core AMD machine
cd /work/main
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
O=docs/results/cpu-2026-11-29-session9-avx2
echo "# $(date -u '+%F %H:%M') UTC, code at $(git rev-parse --short HEAD)" > $O/jmh-avx2.txt
$JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar 'AttentionBenchmark.(dense|endToEnd)$' -p backend=cpu \
    -p length=4096,16384,32768 -p dtype=F32,BF16 -f 1 -wi 1 -i 3 -w 5s -r 10s \
    -jvmArgsAppend -XX:UseAVX=2 -rf json -rff $O/cpu-jmh-avx2.json >> $O/jmh-avx2.txt 2>&1
echo "# done $(date -u '+%F %H:%M') UTC" >> $O/jmh-avx2.txt
