#!/usr/bin/env bash
# is the filter's spread between processes the JIT's? 32K bf16, one warm-up run against twenty
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
for i in 1 2; do for be in cuda opencl; do for w in 1 20; do
  timeout 100 bash $B/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend $be --seq-len 32768 --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --warmup $w --quiet --json $OUT/bench-$be-32768-warmup$w-$i.json > /dev/null 2>&1
done; done; done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
for f in $OUT/bench-*.json; do echo "$(basename $f) $(python3 -c "import json;s=json.load(open('$f'))['sparse'];print(round(s['medianMs'],3),round(s['sampleMs'],3),round(s['filterMs'],3),round(s['attendMs'],3))")"; done
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt)
