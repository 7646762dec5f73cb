#!/usr/bin/env bash
# Runs the shell commands that README.md and docs/*.md mark for checking, so that a command a reader copies
# runs as written. It fails (exit 1) when a marked block does not end with the status its marker expects, when
# a marker is not followed by a code block, or when no block is marked at all.
#
# The marker is an HTML comment (invisible on GitHub) on the line right before the block's opening fence:
#
#   <!-- check -->              the block must exit 0
#   <!-- check exit=3 -->       the block must exit with status 3 (a budget stop, a refused configuration)
#   ```sh
#   java -jar agent/target/cost-agent.jar --help
#   ```
#
# Each block runs on its own, with `bash -e -o pipefail`, from the repository root (the commands are written
# for it), with at most CHECK_TIMEOUT seconds (default 600). Mark only what is practical to run here: commands
# that take minutes (the JMH rounds, `mvn -B verify` itself, which CI runs anyway) or change the machine
# (`mvn install`) stay unmarked. Output examples go in ```text blocks, which are never run.
#
# Usage: docs/check-commands.sh            run every marked block
#        docs/check-commands.sh --list     print the marked blocks without running them
#        docs/check-commands.sh FILE...    only these Markdown files
# It expects a built tree (`mvn -B -q package -DskipTests`, which the README's first marked block runs anyway).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
timeout_s="${CHECK_TIMEOUT:-600}"

list_only=0
if [ "${1:-}" = "--list" ]; then
  list_only=1
  shift
fi
if [ $# -gt 0 ]; then
  files=("$@")
else
  files=(README.md docs/*.md)
fi

failures=0
blocks=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL $1" >&2
  failures=$((failures + 1))
}

# Runs one block; $1 = "file:line" of its marker, $2 = expected status, $3 = file holding the block.
run_block() {
  local where="$1" expected="$2" script="$3" status=0
  blocks=$((blocks + 1))
  echo "== $where (expect exit $expected)"
  sed 's/^/   $ /' "$script"
  if [ "$list_only" = 1 ]; then
    return
  fi
  # stdin is the Markdown file being read: the block must not consume it.
  timeout "$timeout_s" bash -e -o pipefail "$script" </dev/null >"$work/out" 2>&1 || status=$?
  if [ "$status" = "$expected" ]; then
    echo "   ok (exit $status)"
  else
    tail -n 30 "$work/out" | sed 's/^/   | /' >&2
    fail "$where: exit $status, expected $expected"
  fi
}

marker_re='^<!-- check( exit=([0-9]+))? -->[[:space:]]*$'
for f in "${files[@]}"; do
  [ -f "$f" ] || { fail "$f: no such file"; continue; }
  n=0
  state=none # none | marked (marker seen, fence expected next) | in (inside a marked block) | skip (other block)
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    case "$state" in
      marked)
        if [[ "$line" =~ ^\`\`\`(sh|bash|shell)?[[:space:]]*$ ]]; then
          state=in
          : >"$work/block"
        else
          fail "$where: the marker is not followed by a \`\`\`sh code block"
          state=none
        fi
        ;;
      in)
        if [[ "$line" =~ ^\`\`\`[[:space:]]*$ ]]; then
          run_block "$where" "$expected" "$work/block"
          state=none
        else
          printf '%s\n' "$line" >>"$work/block"
        fi
        ;;
      skip)
        [[ "$line" =~ ^\`\`\` ]] && state=none
        ;;
      none)
        if [[ "$line" =~ $marker_re ]]; then
          where="$f:$n"
          expected="${BASH_REMATCH[2]:-0}"
          state=marked
        elif [[ "$line" =~ ^\`\`\` ]]; then
          state=skip
        elif [[ "$line" =~ \<!--\ *check ]]; then
          fail "$f:$n: malformed marker '$line' (expected <!-- check --> or <!-- check exit=N -->)"
        fi
        ;;
    esac
  done <"$f"
  case "$state" in
    marked | in) fail "$where: the marked block is not closed before the end of $f" ;;
  esac
done

if [ "$blocks" = 0 ]; then
  fail "no marked blocks found in ${files[*]}"
fi
if [ "$failures" -gt 0 ]; then
  echo "check-commands: $failures failure(s) in $blocks marked block(s)" >&2
  exit 1
fi
echo "check-commands: $blocks marked block(s) $([ "$list_only" = 1 ] && echo listed || echo passed)"
