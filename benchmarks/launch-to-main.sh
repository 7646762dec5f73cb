#!/usr/bin/env bash
# How long a `java -jar` launch takes to reach the program's main class, with two builds of the agent in paired
# rounds: the moment the demo's main class is loaded (-Xlog:class+load uptime), which is where a start-up device
# acting before main (ApplicationJar) shows, free of the rest of the demo's run, whose time moves by hundreds of
# milliseconds between identical runs. Also prints the whole run's wall time. Needs python3 for the statistics.
#
# Usage, after `mvn -B -q package -DskipTests`:
#   ALT_AGENT_JAR=/tmp/other/cost-agent.jar ROUNDS=30 benchmarks/launch-to-main.sh
# Keep each jar named cost-agent.jar in a folder of its own (Boot-Class-Path names it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
ROUNDS="${ROUNDS:-30}"
AGENT_JAR="${AGENT_JAR:-$root/agent/target/cost-agent.jar}"
ALT_AGENT_JAR="${ALT_AGENT_JAR:?set ALT_AGENT_JAR to the build to compare with}"
demo="$root/demo-pipeline/target/demo-pipeline.jar"
main="$(unzip -p "$demo" META-INF/MANIFEST.MF | sed -n 's/^Main-Class: *//p' | tr -d '\r')"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rounds="$work/rounds.txt"

run_once() { # prints "main-class-uptime-ms wall-ms"
  local jar="$1" start end
  rm -rf "$work/run" && mkdir "$work/run"
  start=$(date +%s%N)
  (cd "$work/run" && "$JAVA" "-javaagent:$jar" -Dcostagent.out="$work/run/out" \
      -Xlog:class+load=info:file="$work/run/cl.log":uptimemillis -jar "$demo" >/dev/null 2>&1)
  end=$(date +%s%N)
  local at
  at=$(grep -m1 " $main " "$work/run/cl.log" | sed -E 's/^\[([0-9]+)ms\].*/\1/')
  echo "$at $(( (end - start) / 1000000 ))"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, order alternating"
for i in $(seq 1 "$ROUNDS"); do
  if (( i % 2 )); then order="agent alt"; else order="alt agent"; fi
  for v in $order; do
    if [[ $v == agent ]]; then jar="$AGENT_JAR"; else jar="$ALT_AGENT_JAR"; fi
    echo "$i $v $(run_once "$jar")" >> "$rounds"
  done
done

python3 - "$rounds" <<'EOF'
import math, random, statistics as st, sys
rounds = {}
for line in open(sys.argv[1]):
    i, v, at, wall = line.split()
    rounds.setdefault(i, {})[v] = (int(at), int(wall))
for k, what in ((0, "main class loaded at"), (1, "whole run, wall")):
    d = sorted(r["alt"][k] - r["agent"][k] for r in rounds.values())
    n = len(d)
    j = int(n / 2 - 0.98 * math.sqrt(n))  # distribution-free 95% interval of the median (sign test)
    ci = f"95% CI {d[j - 1]:+d} to {d[n - j]:+d} ms" if j >= 1 else "too few rounds for a 95% CI"
    agent = st.median(r["agent"][k] for r in rounds.values())
    alt = st.median(r["alt"][k] for r in rounds.values())
    print(f"{what}: agent {agent:.0f} ms, alt {alt:.0f} ms; alt minus agent, paired median {st.median(d):+.0f} ms ({ci})")
EOF
