#!/usr/bin/env bash
# Native AOT, ReadyToRun and JIT side by side, in one run (figures only; nothing is asserted):
#   - size of what each ships (binary, publish folder);
#   - offline: start-to-decision on the bundled example (evaluate --snapshot, blocked for production, exit 1),
#     median wall time of N runs, and peak RSS (GNU time's "Maximum resident set size", median of RSS_RUNS runs);
#   - live: the action entry point (GITHUB_ACTIONS=true, no arguments, a pull_request payload) against the fake GitHub
#     (bench/FakeGitHubHost on 127.0.0.1) with 1,000 check runs + 300 statuses, all green: the policy is read through
#     the contents API from the PR's base branch (config-source: repository, the default), every page of check runs
#     and statuses, the PR's comments, then the records written (check runs, the sticky comment). Requests (as the
#     action counts them), median wall time of N runs, peak RSS. Every run uses its own fresh repository, so every
#     run does the same work (a first evaluation: it creates its records).
# The modes: AOT = `dotnet publish -p:PublishAot=true` (the image's default); R2R = self-contained, trimmed,
# single-file ReadyToRun (the image's PUBLISH_MODE=r2r); JIT = `dotnet exec` of the Release build.
# Each mode gets one unmeasured warm-up run first. Wall and CPU time come from bash's time keyword (fork and exec
# included); on a loaded machine the CPU time (user + system) is the steadier figure, the wall time the one the goals name.
# Usage: bash bench/compare.sh [runs]   (default 7; RSS_RUNS=3; CLEAN=1 drops artifacts/bench/ first; CHECK_RUNS=1000 STATUSES=300; IMAGE=ref to print an
# image's size with podman). Needs the .NET SDK, clang (Native AOT links with it) and GNU time (Debian: time).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
runs=${1:-7}
rss_runs=${RSS_RUNS:-3}
check_runs=${CHECK_RUNS:-1000}
statuses=${STATUSES:-300}
snapshot=examples/snapshots/rc-16.0.4-blocked-for-production.json
payload=tests/OdooGateAction.Tests/Fixtures/webhooks/pull_request/opened.payload.json
modes=(aot r2r jit)
out=$(mktemp -d)
host_pid=
stop_host() {
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  host_pid=
}
trap 'stop_host; rm -rf "$out"' EXIT

now_us() { local t=${EPOCHREALTIME/./}; echo "${t#0}"; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)] }'; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
kib_to_mib() { awk -v k="$1" 'BEGIN { if (k == "n/a") print "n/a"; else printf "%.1f MiB", k / 1024 }'; }
timed() { # stdout file, stderr file, command...: runs it, prints "wall_us cpu_us exit_code" (bash's time keyword:
  # wall clock, and user + system CPU of the command and its children, in ms precision; no extra process)
  local o=$1 e=$2; shift 2
  local TIMEFORMAT='%3R %3U %3S' rc=0
  { time { "$@" >"$o" 2>"$e" || rc=$?; }; } 2>"$out/t"
  awk -v rc="$rc" '{ printf "%d %d %d\n", $1 * 1000000, ($2 + $3) * 1000000, rc }' "$out/t"
}
ms() { awk -v us="$1" 'BEGIN { if (us == "n/a") print "n/a"; else printf "%.1f ms", us / 1000 }'; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds: figures are noisy)"
for tool in time clang; do
  if ! command -v "$tool" >/dev/null || { [ "$tool" = time ] && [ ! -x /usr/bin/time ]; }; then
    echo "installing $tool (apt-get)"
    apt-get install -y -qq "$tool" >/dev/null 2>&1 || echo "could not install $tool"
  fi
done

if [ "${CLEAN:-0}" = 1 ]; then rm -rf artifacts/bench; fi
echo "== build and publish (Release, linux-x64; each publish mode keeps its own intermediate files under artifacts/bench/, so a re-run without changes is incremental)"
publish_log=$out/publish.log
dotnet build src/OdooGateAction -c Release -nologo -v q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet build bench/FakeGitHubHost -c Release -nologo -v q >"$out/host-build.log" 2>&1 || { cat "$out/host-build.log"; exit 1; }
s=$(now_us)
dotnet publish src/OdooGateAction -c Release -r linux-x64 -p:PublishAot=true -p:DebugType=none \
  --artifacts-path artifacts/bench/aot -o "$out/aot" -nologo >"$publish_log.aot" 2>&1 || { tail -n 30 "$publish_log.aot"; exit 1; }
aot_seconds=$(( ($(now_us) - s) / 1000000 ))
s=$(now_us)
dotnet publish src/OdooGateAction -c Release -r linux-x64 -p:PublishReadyToRun=true -p:SelfContained=true \
  -p:PublishTrimmed=true -p:PublishSingleFile=true -p:DebugType=none \
  --artifacts-path artifacts/bench/r2r -o "$out/r2r" -nologo >"$publish_log.r2r" 2>&1 || { tail -n 30 "$publish_log.r2r"; exit 1; }
r2r_seconds=$(( ($(now_us) - s) / 1000000 ))
rm -f "$out"/aot/*.dbg "$out"/aot/*.pdb "$out"/r2r/*.pdb
jit_dir=src/OdooGateAction/bin/Release/net10.0
warnings() { grep -E ': warning [A-Z]+[0-9]+' "$1" | sort -u | wc -l; }
echo "AOT publish ${aot_seconds}s, $(warnings "$publish_log.aot") warnings; R2R publish ${r2r_seconds}s, $(warnings "$publish_log.r2r") warnings" \
  "(an up-to-date publish recompiles nothing and so reports no warning; CLEAN=1 publishes from scratch)"

app_of() { # mode: sets app to the command that runs the app of that mode
  case "$1" in
    aot) app=("$out/aot/OdooGateAction") ;;
    r2r) app=("$out/r2r/OdooGateAction") ;;
    jit) app=("$(command -v dotnet)" exec "$PWD/$jit_dir/OdooGateAction.dll") ;;
  esac
}

declare -A size_bin size_dir off_ms off_cpu off_rss off_exit live_ms live_cpu live_rss live_req live_dec live_exit
size_bin[aot]=$(stat -c %s "$out/aot/OdooGateAction")
size_dir[aot]=$(du -sb "$out/aot" | cut -f1)
size_bin[r2r]=$(stat -c %s "$out/r2r/OdooGateAction")
size_dir[r2r]=$(du -sb "$out/r2r" | cut -f1)
size_bin[jit]=$(find "$jit_dir" -maxdepth 1 -name 'OdooGateAction*.dll' -printf '%s\n' | awk '{ s += $1 } END { print s }')
size_dir[jit]=$(find "$jit_dir" -maxdepth 1 -type f ! -name '*.pdb' ! -name '*.xml' -printf '%s\n' | awk '{ s += $1 } END { print s }')

rss_of() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }

echo "== offline: evaluate --snapshot $snapshot --target production ($runs timed runs, $rss_runs under /usr/bin/time -v)"
offline=(evaluate --snapshot "$snapshot" --target production)
for mode in "${modes[@]}"; do
  app_of "$mode"
  "${app[@]}" "${offline[@]}" >/dev/null 2>&1 || true   # warm-up
  for _ in $(seq "$runs"); do timed /dev/null /dev/null "${app[@]}" "${offline[@]}"; done >"$out/off-$mode"
  off_ms[$mode]=$(cut -d' ' -f1 "$out/off-$mode" | median)
  off_cpu[$mode]=$(cut -d' ' -f2 "$out/off-$mode" | median)
  off_exit[$mode]=$(cut -d' ' -f3 "$out/off-$mode" | sort -u | paste -sd/)
  off_rss[$mode]=$(for _ in $(seq "$rss_runs"); do
    /usr/bin/time -v -o "$out/time" "${app[@]}" "${offline[@]}" >/dev/null 2>&1 || true
    rss_of "$out/time"
  done | median)
done

echo "== live: the action on a pull_request, ${check_runs} check runs + ${statuses} statuses, all green, against the fake GitHub"
per_mode=$(( 1 + runs + rss_runs ))
total=$(( per_mode * ${#modes[@]} ))
mkdir -p "$out/events"
dotnet bench/FakeGitHubHost/bin/Release/net10.0/FakeGitHubHost.dll --gates gates --payload "$payload" --events "$out/events" \
  --runs "$total" --check-runs "$check_runs" --statuses "$statuses" >"$out/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 600); do grep -qx ready "$out/host.log" && break; kill -0 "$host_pid" 2>/dev/null || break; sleep 0.1; done
grep -qx ready "$out/host.log" || { echo "the fake GitHub did not start:"; cat "$out/host.log"; exit 1; }
api_url=$(sed -n 's/^url=//p' "$out/host.log")
token=$(sed -n 's/^token=//p' "$out/host.log")
echo "fake GitHub at $api_url: $(sed -n 's/^seeded=//p' "$out/host.log"), $total repositories (one per run)"

next_repo=0
in_step() { ( cd "$1" && exec env -i "${environment[@]}" "${app[@]}" ); }
live_run() { # mode, [time file]: one step of the action on the next fresh repository; prints "wall_us cpu_us exit requests decision"
  local mode=$1 timefile=${2:-}
  next_repo=$(( next_repo + 1 ))
  local step=$out/live/$next_repo
  mkdir -p "$step/runner-temp"
  : >"$step/output"; : >"$step/summary"
  local environment=(
    "PATH=$PATH" "HOME=$HOME" ${DOTNET_ROOT:+"DOTNET_ROOT=$DOTNET_ROOT"}
    GITHUB_ACTIONS=true CI=true GITHUB_EVENT_NAME=pull_request "GITHUB_EVENT_PATH=$out/events/$next_repo.json"
    "GITHUB_REPOSITORY=bench/run-$next_repo" GITHUB_SHA=fedcba9876543210fedcba9876543210fedcba98
    "GITHUB_API_URL=$api_url" GITHUB_SERVER_URL=https://github.com "GITHUB_OUTPUT=$step/output"
    "GITHUB_STEP_SUMMARY=$step/summary" "GITHUB_WORKSPACE=$step" "RUNNER_TEMP=$step/runner-temp"
    GITHUB_RUN_ID=6102439577 GITHUB_RUN_ATTEMPT=1 "INPUT_GITHUB-TOKEN=$token" INPUT_CONFIG=gates INPUT_CONFIG-SOURCE=repository
  )
  app_of "$mode"
  local timing
  if [ -n "$timefile" ]; then
    (cd "$step" && /usr/bin/time -v -o "$timefile" env -i "${environment[@]}" "${app[@]}") >"$step/stdout" 2>"$step/stderr" || true
    timing="0 0 0"
  else
    timing=$(timed "$step/stdout" "$step/stderr" in_step "$step")
  fi
  local requests decision
  requests=$(grep -o 'GitHub requests: [0-9]*' "$step/stdout" | grep -o '[0-9]*$' || echo '?')
  decision=$(awk '/^decision<</ { getline; print; exit } /^decision=/ { sub(/^decision=/, ""); print; exit }' "$step/output")
  echo "$timing ${requests:-?} ${decision:-none}"
}

for mode in "${modes[@]}"; do
  live_run "$mode" >/dev/null   # warm-up
  for _ in $(seq "$runs"); do live_run "$mode"; done >"$out/live-$mode"
  live_ms[$mode]=$(cut -d' ' -f1 "$out/live-$mode" | median)
  live_cpu[$mode]=$(cut -d' ' -f2 "$out/live-$mode" | median)
  live_exit[$mode]=$(cut -d' ' -f3 "$out/live-$mode" | sort -u | paste -sd/)
  live_req[$mode]=$(cut -d' ' -f4 "$out/live-$mode" | sort -u | paste -sd/)
  live_dec[$mode]=$(cut -d' ' -f5 "$out/live-$mode" | sort -u | paste -sd/)
  for _ in $(seq "$rss_runs"); do live_run "$mode" "$out/time" >/dev/null; rss_of "$out/time"; done >"$out/live-rss-$mode"
  live_rss[$mode]=$(median <"$out/live-rss-$mode")
done
last_step=$out/live/$next_repo

stop_host
echo
echo "== results (median; machine loaded, load average now $(cut -d' ' -f1-3 /proc/loadavg))"
row() { printf '%-44s %-14s %-14s %-14s %s\n' "$@"; }
row "" "AOT" "R2R" "JIT" "goal (AOT)"
row "binary (AOT/R2R: the file; JIT: app dlls)" "$(mib "${size_bin[aot]}")" "$(mib "${size_bin[r2r]}")" "$(mib "${size_bin[jit]}")" ""
row "publish folder (JIT: + shared runtime)" "$(mib "${size_dir[aot]}")" "$(mib "${size_dir[r2r]}")" "$(mib "${size_dir[jit]}")" ""
row "offline start-to-decision ($runs runs)" "$(ms "${off_ms[aot]}")" "$(ms "${off_ms[r2r]}")" "$(ms "${off_ms[jit]}")" "<= 20 ms"
row "offline CPU, user + system ($runs runs)" "$(ms "${off_cpu[aot]}")" "$(ms "${off_cpu[r2r]}")" "$(ms "${off_cpu[jit]}")" ""
row "offline peak RSS ($rss_runs runs)" "$(kib_to_mib "${off_rss[aot]}")" "$(kib_to_mib "${off_rss[r2r]}")" "$(kib_to_mib "${off_rss[jit]}")" "<= 30 MB"
row "offline exit code (1 = blocked)" "${off_exit[aot]}" "${off_exit[r2r]}" "${off_exit[jit]}" ""
row "live ${check_runs}+${statuses}: wall ($runs runs)" "$(ms "${live_ms[aot]}")" "$(ms "${live_ms[r2r]}")" "$(ms "${live_ms[jit]}")" "<= 150 ms"
row "live: CPU of the action, user + system" "$(ms "${live_cpu[aot]}")" "$(ms "${live_cpu[r2r]}")" "$(ms "${live_cpu[jit]}")" ""
row "live: GitHub requests per run" "${live_req[aot]}" "${live_req[r2r]}" "${live_req[jit]}" ""
row "live: peak RSS ($rss_runs runs)" "$(kib_to_mib "${live_rss[aot]}")" "$(kib_to_mib "${live_rss[r2r]}")" "$(kib_to_mib "${live_rss[jit]}")" "<= 30 MB"
row "live: decision, exit code" "${live_dec[aot]}, ${live_exit[aot]}" "${live_dec[r2r]}, ${live_exit[r2r]}" "${live_dec[jit]}, ${live_exit[jit]}" "allow, 0"
if [ -n "${IMAGE:-}" ] && command -v podman >/dev/null; then
  echo "image $IMAGE: $(mib "$(podman image inspect --format '{{.Size}}' "$IMAGE")") (goal: <= 40 MB on the chiseled base)"
else
  echo "image: not built here (goal: <= 40 MB on the chiseled base); tests/container/run.sh prints its size; IMAGE=ref prints one"
fi
echo
echo "== the last live run's GitHub line, and what the fake GitHub answered over all $next_repo live runs"
grep -h 'GitHub requests:' "$last_step/stdout" || true
sed -n '/^answered /,$p' "$out/host.log"
