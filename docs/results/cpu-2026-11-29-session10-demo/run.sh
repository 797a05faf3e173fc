#!/bin/bash
# The default demo before (52fe2da: one small-input call as warm-up, one timed call of each) and after (dc4e13e:
# a second of full-size warm-up runs, the median of 3) on the 2 AMD EPYC vCPUs, cpu backend, alternating.
# OLD_JAR: the CLI jar built at 52fe2da; the new one is this checkout's.
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
cd "$(mktemp -d)"
new=/work/main/cli/target/sampleattention-cli.jar
echo "# $(date -u '+%F %H:%M') UTC"
for round in 1 2; do
  for build in old new; do
    jar=$([ $build = old ] && echo "$OLD_JAR" || echo "$new")
    echo "# round $round, $build: java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar $jar demo"
    start=$(date +%s.%N)
    $JAVA_HOME/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar "$jar" demo 2>/dev/null \
      | grep -E "device|dense  |SampleAttention  |speedup"
    echo "  wall $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s"
  done
done
