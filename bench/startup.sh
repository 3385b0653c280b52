#!/usr/bin/env bash
# Start-to-decision time of the CLI on the bundled examples, median of N runs, for the ways it can be run:
# the README command (dotnet run, includes the SDK's up-to-date check), the built app (dotnet exec, JIT), and a
# ReadyToRun self-contained trimmed publish (what the container runs when Native AOT is not available).
# Usage: bash bench/startup.sh [runs]   (figures only; nothing is asserted)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
snapshot=examples/snapshots/rc-16.0.4-blocked-for-production.json
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
measure() { # label, command...
  local label=$1; shift
  local value
  value=$(for _ in $(seq "$runs"); do
    local s; s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true   # a blocked decision exits 1
    echo $(( ($(date +%s%N) - s) / 1000000 ))
  done | median)
  printf '%-48s %6d ms (median of %d)\n' "$label" "$value" "$runs"
}

dotnet build src/OdooGateAction -c Release -nologo -v q >/dev/null
dotnet publish src/OdooGateAction -c Release -r linux-x64 -p:PublishReadyToRun=true -p:SelfContained=true \
  -p:PublishTrimmed=true -p:PublishSingleFile=true -p:DebugType=none -o "$out/r2r" -nologo -v q >/dev/null
echo "r2r trimmed single file: $(du -sh "$out/r2r" | cut -f1)"

measure "README command (dotnet run, already built)" dotnet run --project src/OdooGateAction -c Release --no-build -- evaluate --snapshot "$snapshot" --target production
measure "built app (dotnet exec, JIT)" dotnet exec src/OdooGateAction/bin/Release/net10.0/OdooGateAction.dll evaluate --snapshot "$snapshot" --target production
measure "ReadyToRun self-contained trimmed" "$out/r2r/OdooGateAction" evaluate --snapshot "$snapshot" --target production
measure "validate gates/ (ReadyToRun)" "$out/r2r/OdooGateAction" validate --config gates
measure "docs --check gates/ handbook (ReadyToRun)" "$out/r2r/OdooGateAction" docs --config gates --out docs/handbook --check

# Peak memory (max RSS) of one evaluation, from GNU time (Debian package "time").
if [ ! -x /usr/bin/time ]; then apt-get install -y -qq time >/dev/null 2>&1 || true; fi
if [ -x /usr/bin/time ]; then
  for label in "built app (dotnet exec, JIT)" "ReadyToRun self-contained trimmed"; do
    if [ "$label" = "ReadyToRun self-contained trimmed" ]; then cmd=("$out/r2r/OdooGateAction"); else cmd=(dotnet exec src/OdooGateAction/bin/Release/net10.0/OdooGateAction.dll); fi
    /usr/bin/time -o "$out/rss" -f '%M' "${cmd[@]}" evaluate --snapshot "$snapshot" --target production >/dev/null 2>&1 || true
    rss=$(tail -n 1 "$out/rss")
    printf '%-48s %6d KiB max RSS\n' "$label" "$rss"
  done
fi
