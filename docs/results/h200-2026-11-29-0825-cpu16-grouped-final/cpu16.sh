#!/usr/bin/env bash
# cpu backend on the H200 host's 16 cores: grouped-heads code (new) against main's (old): kit, bench, targets
set -u
B=.gpu-bundle
CLI=org.sampleattention.cli.SampleAttentionCli
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
lscpu > $OUT/lscpu.txt 2>&1; nproc >> $OUT/lscpu.txt
python3 benchmarks/scripts/sgemm_peer.py 4096 7 > $OUT/sgemm.txt 2>&1
SG=$(python3 -c "import json,sys; print(round(json.load(open('$OUT/sgemm.txt'))['gflops']))" 2>/dev/null || echo 0)
echo "sgemm $SG" >> $OUT/when.txt
timeout 240 bash $B/run.sh main $CLI conformance --backend cpu --size large --quiet --report $OUT/kit-cpu-large > $OUT/kit.txt 2>&1
echo "kit done $(date -u '+%T')" >> $OUT/when.txt
run_set() {  # $1 = label
  for n in 32768 65536; do
    timeout 150 bash $B/run.sh main $CLI bench --backend cpu --seq-len $n --dtype f32 --workload llm --repeats 3 --quiet --json $OUT/bench-$1-$n.json > $OUT/bench-$1-$n.txt 2>&1
  done
  timeout 200 bash $B/run.sh main org.sampleattention.benchmarks.PerformanceTargets sgemm=$SG repeats=5 lengths=4096,8192,16384,32768 > $OUT/targets-$1.txt 2>&1
  echo "$1 done $(date -u '+%T')" >> $OUT/when.txt
}
run_set new
mv $B/modules/backend-cpu/classes $B/new-backend-cpu-classes && mv $B/old-backend-cpu-classes $B/modules/backend-cpu/classes
run_set old
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/sgemm.txt; tail -3 $OUT/kit.txt; cat $OUT/bench-*.txt; grep -v WARN $OUT/targets-*.txt
(cd $OUT && tar czf cpu16.tgz --remove-files *.json *.txt kit-cpu-large)
