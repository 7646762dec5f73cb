#!/usr/bin/env bash
# What the agent adds to a JVM's life: runs a small annotated program (HelloPipeline: one stage, one tracked call
# returning a Map) and the demo pipeline, each with and without the agent, RUNS times, interleaved (every round
# runs the four commands, in a rotating order, so that drifting machine load hits every variant alike), then
# prints the median and quartiles of each and the difference of the medians, and the median of each round's own
# difference (agent minus none in the same round, which cancels most of the machine's drift between rounds).
#
# Usage, from anywhere, after `mvn -B -q package -DskipTests`:
#   benchmarks/startup.sh                    # RUNS=15
#   RUNS=30 benchmarks/startup.sh hello      # only the small program
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java benchmarks/startup.sh
#   AGENT_JAR=/tmp/other/cost-agent.jar benchmarks/startup.sh hello   # measure another build of the agent
#   ALT_AGENT_JAR=/tmp/proto/cost-agent.jar benchmarks/startup.sh hello
#                                          # adds hello+alt (and demo+alt): a second build, in the same rounds
#   AGENT_OPTS='-Dcostagent.log=warn' benchmarks/startup.sh           # extra options for the agent runs only
#   RAW=/tmp/rounds.txt benchmarks/startup.sh                        # also appends "round i variant wall cpu" lines
#   FLOOR=1 benchmarks/startup.sh demo      # adds demo+null: a null agent (registers a transformer that changes
#                                          # nothing) in the same rounds, the price any transforming agent pays
# Each agent run writes its files to a fresh temporary folder. Wall time is the whole process, launch to exit,
# taken with date +%s%N. CPU time (user + system, all threads, from /usr/bin/time when installed) is printed too:
# on a machine other processes share, it moves far less than wall time does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA="${JAVA:-java}"
RUNS="${RUNS:-15}"
AGENT_JAR="${AGENT_JAR:-$root/agent/target/cost-agent.jar}"
AGENT_OPTS="${AGENT_OPTS:-}"
ALT_AGENT_JAR="${ALT_AGENT_JAR:-}"
FLOOR="${FLOOR:-}"
which="${1:-all}"

hello_cp="$root/benchmarks/target/classes:$(ls "$root"/annotations/target/cost-agent-annotations-*.jar | grep -v sources | head -1)"
demo_jar="$root/demo-pipeline/target/demo-pipeline.jar"
for f in "$AGENT_JAR" "$demo_jar" "$root/benchmarks/target/classes/dev/costagent/benchmarks/startup/HelloPipeline.class"; do
  [[ -e "$f" ]] || { echo "startup.sh: $f is missing; run mvn -B -q package -DskipTests first" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declare -A cmd
cmd[hello]="$JAVA -cp $hello_cp dev.costagent.benchmarks.startup.HelloPipeline"
cmd[hello+agent]="$JAVA -javaagent:$AGENT_JAR -Dcostagent.out=$work/out $AGENT_OPTS -cp $hello_cp dev.costagent.benchmarks.startup.HelloPipeline"
cmd[demo]="$JAVA -jar $demo_jar"
cmd[demo+agent]="$JAVA -javaagent:$AGENT_JAR -Dcostagent.out=$work/out $AGENT_OPTS -jar $demo_jar"
cmd[hello+alt]="$JAVA -javaagent:$ALT_AGENT_JAR -Dcostagent.out=$work/out $AGENT_OPTS -cp $hello_cp dev.costagent.benchmarks.startup.HelloPipeline"
cmd[demo+alt]="$JAVA -javaagent:$ALT_AGENT_JAR -Dcostagent.out=$work/out $AGENT_OPTS -jar $demo_jar"
null_jar="$(ls "$root"/benchmarks/target/cost-agent-benchmarks-*-null-agent.jar 2>/dev/null | head -1)"
cmd[hello+null]="$JAVA -javaagent:$null_jar -cp $hello_cp dev.costagent.benchmarks.startup.HelloPipeline"
cmd[demo+null]="$JAVA -javaagent:$null_jar -jar $demo_jar"

case "$which" in
  all) variants=(hello hello+agent demo demo+agent) ;;
  hello) variants=(hello hello+agent) ;;
  demo) variants=(demo demo+agent) ;;
  *) echo "usage: $0 [all|hello|demo]" >&2; exit 2 ;;
esac
if [[ -n "$ALT_AGENT_JAR" ]]; then
  [[ -e "$ALT_AGENT_JAR" ]] || { echo "startup.sh: $ALT_AGENT_JAR is missing" >&2; exit 2; }
  for v in "${variants[@]}"; do [[ "$v" == *+agent ]] && variants+=("${v%+agent}+alt"); done
fi
if [[ -n "$FLOOR" ]]; then
  [[ -n "$null_jar" ]] || { echo "startup.sh: the null agent jar is missing; run mvn -B -q package -DskipTests first" >&2; exit 2; }
  for v in "${variants[@]}"; do [[ "$v" == *+agent ]] && variants+=("${v%+agent}+null"); done
fi

timer=()
[[ -x /usr/bin/time ]] && timer=(/usr/bin/time -f "%U %S" -o "$work/cpu")

run_once() { # prints "wall-ms cpu-ms" of one run; fails loudly if the program fails
  local name="$1" start end cpu=0
  rm -rf "$work/out" "$work/cpu"
  start=$(date +%s%N)
  if ! (cd "$work" && "${timer[@]}" ${cmd[$name]} >"$work/stdout" 2>"$work/stderr"); then
    echo "startup.sh: '$name' failed:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  end=$(date +%s%N)
  if [[ "$name" == *+agent || "$name" == *+alt ]] && ! grep -q "cost-agent\] Run .* cost" "$work/stderr"; then
    echo "startup.sh: '$name' ran without the agent's report line:" >&2; cat "$work/stderr" >&2; exit 1
  fi
  [[ -s "$work/cpu" ]] && cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/cpu")
  echo "$(( (end - start) / 1000000 )) $cpu"
}

echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $RUNS per variant, interleaved; warming the file cache first"
for v in "${variants[@]}"; do run_once "$v" >/dev/null; done

declare -A times cpus
for ((i = 0; i < RUNS; i++)); do
  n=${#variants[@]}
  for ((j = 0; j < n; j++)); do
    v="${variants[$(( (i + j) % n ))]}"
    read -r w c <<<"$(run_once "$v")"
    [[ -n "${RAW:-}" ]] && echo "round $i $v $w $c" >>"$RAW"
    times[$v]+="$w "
    cpus[$v]+="$c "
  done
done

lines() { tr ' ' '\n' <<<"$1" | grep -v '^$'; }

summary() { # of numbers, one per line: median, p25, p75, and a distribution-free 95% confidence interval for the
  # median (order statistics k and n+1-k, k = n/2 - 0.98 sqrt(n); "-" when there are too few numbers)
  sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
    k = int(NR / 2 - 0.98 * sqrt(NR))
    printf "%d %d %d %s %s", m, a[int((NR+3)/4)], a[int((3*NR+1)/4)], (k >= 1 ? a[k] : "-"), (k >= 1 ? a[NR + 1 - k] : "-") }'
}

stat() { # median p25 p75 of the numbers given
  lines "$1" | summary
}

paired() { # median of the round-by-round differences between two variants' lists (same order: round by round),
  # with its confidence interval
  local m lo hi
  read -r m _ _ lo hi <<<"$(paste -d' ' <(lines "$1") <(lines "$2") | awk '{print $1 - $2}' | summary)"
  if [[ "$lo" == "-" ]]; then printf "%d" "$m"; else printf "%d (95%% CI %d to %d)" "$m" "$lo" "$hi"; fi
}

adds() { # variant, base: "W ms wall, C ms CPU" as differences of medians
  echo "$(( median[$1] - median[$2] )) ms wall, $(( cmedian[$1] - cmedian[$2] )) ms CPU"
}

pairs() { # variant, base: the paired medians, wall and CPU
  echo "$(paired "${times[$1]}" "${times[$2]}") ms wall, $(paired "${cpus[$1]}" "${cpus[$2]}") ms CPU"
}

printf "%-12s %9s %8s %8s %14s\n" variant "wall: median" p25 p75 "CPU: median"
declare -A median cmedian
for v in "${variants[@]}"; do
  read -r m q1 q3 _ <<<"$(stat "${times[$v]}")"
  read -r cm _ <<<"$(stat "${cpus[$v]}")"
  median[$v]=$m
  cmedian[$v]=$cm
  printf "%-12s %9d ms %5d ms %5d ms %11d ms\n" "$v" "$m" "$q1" "$q3" "$cm"
done
for p in hello demo; do
  if [[ -n "${median[$p]:-}" ]]; then
    echo "agent adds to $p: $(adds $p+agent $p) (differences of medians; target: the small program <= +150 ms wall, paired median)"
    echo "  paired: median of the $RUNS rounds' own differences $(pairs $p+agent $p)"
    if [[ -n "${median[$p+null]:-}" ]]; then
      echo "a null agent (any transforming agent's floor) adds to $p: $(adds $p+null $p)"
      echo "  paired: $(pairs $p+null $p); cost-agent over the null agent, paired: $(pairs $p+agent $p+null)"
    fi
    if [[ -n "${median[$p+alt]:-}" ]]; then
      echo "alternative agent adds to $p: $(adds $p+alt $p) ($ALT_AGENT_JAR)"
      echo "  paired: $(pairs $p+alt $p)"
    fi
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
