#!/usr/bin/env bash
# the filter reading each block's scores below its residual end only, and (cuda) one synchronisation
# instead of two: the gpu tests of both backends, then SampleAttention at 32K and 128K on this code and
# on the code before it (api, backend-cuda and backend-opencl classes swapped in), alternating
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
timeout 300 bash $B/run.sh test --include-tag gpu --exclude-classname '.*LargeConformance.*' > $OUT/full.txt 2>&1
tail -16 $OUT/full.txt > $OUT/gpu-tests.txt; grep -E "✘" -A3 $OUT/full.txt | head -60 >> $OUT/gpu-tests.txt; rm $OUT/full.txt
echo "tests done $(date -u '+%F %T') UTC" >> $OUT/when.txt
cp -r $B /tmp/old-bundle
for m in api backend-cuda backend-opencl; do rm -rf /tmp/old-bundle/modules/$m/classes; cp -r $B/old-$m-classes /tmp/old-bundle/modules/$m/classes; done
for i in 1 2; do
  for n in 32768 131072; do
    for be in cuda opencl; do
      for which in new old; do
        R=$B; [ $which = old ] && R=/tmp/old-bundle
        timeout 100 bash $R/run.sh main org.sampleattention.cli.SampleAttentionCli bench --backend $be --seq-len $n --heads 32 --kv-heads 8 --head-dim 128 --dtype bf16 --workload llm --repeats 5 --quiet --json $OUT/bench-$be-$n-$which-$i.json > /dev/null 2>&1
      done
    done
  done
done
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt $OUT/gpu-tests.txt
for f in $OUT/bench-*.json; do echo "$(basename $f) $(python3 -c "import json;s=json.load(open('$f'))['sparse'];print(round(s['medianMs'],3),round(s['sampleMs'],3),round(s['filterMs'],3),round(s['attendMs'],3),round(s['density'],5),s['meanCoverage'],s['relL2VsDense'])")"; done
(cd $OUT && tar czf run.tgz --remove-files *.json when.txt gpu-tests.txt)
