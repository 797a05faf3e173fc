#!/bin/bash
# cpu targets and sample ratios on the final code of session 6 (2-core AMD machine)
cd /work/main
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
O=$OUT
{
echo "# $(date -u '+%F %H:%M') UTC, 2 AMD EPYC vCPUs (AVX-512), Temurin 25, code at $(git rev-parse --short HEAD); in this order:"
echo "# env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7
echo "# java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=460 repeats=7 lengths=4096,8192,16384,32768"
$JAVA_HOME/bin/java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.sampleattention.benchmarks.PerformanceTargets sgemm=460 repeats=7 lengths=4096,8192,16384,32768 2>&1 | grep -v WARN
echo "# the SGEMM peer again, after"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 benchmarks/scripts/sgemm_peer.py 4096 7
} > $O/targets.txt 2>&1
for r in 0.05 0.025 0.0125; do
  echo "# $(date -u '+%H:%M') ./sampleattention bench --backend cpu --seq-len 32768 --dtype f32 --workload llm --repeats 3 --quiet --sample-ratio $r --json bench-cpu-f32-32768-ratio-$r.json" >> $O/bench.txt
  ./sampleattention bench --backend cpu --seq-len 32768 --dtype f32 --workload llm --repeats 3 --quiet --sample-ratio $r --json $O/bench-cpu-f32-32768-ratio-$r.json 2>&1 | grep -v WARN >> $O/bench.txt
done
echo done >> $O/bench.txt
