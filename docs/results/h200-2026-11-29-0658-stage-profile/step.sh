#!/usr/bin/env bash
# per-kernel device time of one SampleAttention call at 128K (32/8 heads, d 128, bf16-like uploads):
# the filter's kernels and the two sampling passes, from ncu's gpu__time_duration
set -u
B=.gpu-bundle
echo "start $(date -u '+%F %T') UTC" > $OUT/when.txt
JAVA_TOOL_OPTIONS= timeout 400 ncu --clock-control none --kernel-name regex:'filter_|bitonic_|sample_wgmma' \
  --launch-skip 0 --launch-count 120 --metrics gpu__time_duration.sum --csv \
  bash $B/run.sh main org.sampleattention.cuda.bench.CudaBench e2e 131072 32 8 128 1 > $OUT/ncu-filter-128k.csv 2> $OUT/ncu.err
echo "end $(date -u '+%F %T') UTC" >> $OUT/when.txt
cat $OUT/when.txt
python3 - <<PY
import csv,os,collections
out=os.environ['OUT']
rows=[r for r in csv.reader(open(f'{out}/ncu-filter-128k.csv')) if len(r)>10]
hdr=rows[0]; rows=rows[1:]
ki=hdr.index('Kernel Name'); vi=hdr.index('Metric Value'); ui=hdr.index('Metric Unit'); ii=hdr.index('ID')
tot=collections.OrderedDict(); n=collections.Counter()
for r in rows:
    if r[vi]=='' : continue
    v=float(r[vi].replace(',',''))
    if r[ui]=='usecond': v*=1e3
    if r[ui]=='msecond': v*=1e6
    name=r[ki].split('(')[0]
    tot[name]=tot.get(name,0)+v; n[name]+=1
for k,v in tot.items(): print(f'{k:40s} x{n[k]:4d} {v/1e6:9.3f} ms')
PY
tail -5 $OUT/ncu.err
(cd $OUT && tar czf run.tgz --remove-files when.txt ncu-filter-128k.csv ncu.err)
