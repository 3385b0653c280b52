#!/usr/bin/env bash
# Container test, without a Docker engine: builds the image from the project's own Dockerfile with buildah, on
# local stand-ins for the base images (a debootstrap'd Debian root for runtime-deps, the same root plus this
# machine's .NET SDK for the build stage), then runs it with podman the way a GitHub runner runs a container
# action (INPUT_*, GITHUB_*, the event at /github/workflow/event.json, /github/file_commands, --workdir
# /github/workspace) against the fake GitHub server on 127.0.0.1 (tests/OdooGateAction.Container.Tests).
# The registry reachable here lacks the net10 Native AOT runtime pack, so the local build uses PUBLISH_MODE=r2r
# (ReadyToRun, self-contained, single file); the default (aot) is built by .github/workflows/ci.yml.
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
STORAGE=(--storage-driver vfs)
# podman here: no systemd cgroups, runc, and rlimits a sandbox allows.
RUN=(run --rm --cgroup-manager=cgroupfs --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
BASE=localhost/odoo-gates-standin/debian:bookworm
SDK=localhost/odoo-gates-standin/dotnet-sdk:$(dotnet --version)-r3
IMAGE=localhost/odoo-gate-action:test
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

missing=()
for tool in buildah podman debootstrap runc; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah podman debootstrap runc uidmap >/dev/null
fi

if ! podman "${STORAGE[@]}" image exists "$BASE"; then
  echo "== runtime-deps stand-in: debootstrap minbase bookworm"
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$root" "$MIRROR" >/dev/null
  tar -C "$root" -c . | podman "${STORAGE[@]}" import - "$BASE" >/dev/null
  rm -rf "$root"
fi

if ! podman "${STORAGE[@]}" image exists "$SDK"; then
  echo "== SDK stand-in: the Debian root plus this machine's .NET SDK ($(dotnet --version))"
  ctr=$(buildah "${STORAGE[@]}" from "$BASE")
  buildah "${STORAGE[@]}" copy "$ctr" "$(dirname "$(readlink -f "$(command -v dotnet)")")" /usr/share/dotnet >/dev/null
  buildah "${STORAGE[@]}" run --isolation chroot "$ctr" -- ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  # Restore reaches NuGet as this machine does: trust this machine's CA bundle (its egress proxy's CA included).
  buildah "${STORAGE[@]}" copy "$ctr" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
  # The stand-in root has no ICU (the real SDK image does): the SDK runs globalization-invariant.
  buildah "${STORAGE[@]}" config --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    --env NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt "$ctr"
  buildah "${STORAGE[@]}" commit "$ctr" "$SDK" >/dev/null
  buildah "${STORAGE[@]}" rm "$ctr" >/dev/null
fi

echo "== build the image from ./Dockerfile (PUBLISH_MODE=r2r)"
mkdir -p "$HOME/.nuget/packages"
build_started=$(date +%s)
buildah "${STORAGE[@]}" bud --isolation chroot --layers \
  --build-arg SDK_IMAGE="$SDK" --build-arg RUNTIME_DEPS_IMAGE="$BASE" --build-arg PUBLISH_MODE=r2r \
  --volume "$HOME/.nuget/packages:/root/.nuget/packages" \
  -t "$IMAGE" -f Dockerfile . > /tmp/odoo-gates-image-build.log 2>&1 \
  || { tail -40 /tmp/odoo-gates-image-build.log; exit 1; }
build_seconds=$(( $(date +%s) - build_started ))

image_bytes=$(podman "${STORAGE[@]}" image inspect "$IMAGE" --format '{{.Size}}')
base_bytes=$(podman "${STORAGE[@]}" image inspect "$BASE" --format '{{.Size}}')
app_bytes=$(podman "${STORAGE[@]}" "${RUN[@]}" --network none --entrypoint /usr/bin/du "$IMAGE" -sb /app | cut -f1)
echo "image: $((image_bytes / 1024 / 1024)) MiB (base stand-in $((base_bytes / 1024 / 1024)) MiB; app $((app_bytes / 1024 / 1024)) MiB); build ${build_seconds}s"
# What podman itself costs here (vfs storage copies the image for every container): a container that does nothing.
baseline_started=$(date +%s%N)
podman "${STORAGE[@]}" "${RUN[@]}" --network none --entrypoint /bin/true "$IMAGE"
echo "podman baseline (run /bin/true in this image): $(( ($(date +%s%N) - baseline_started) / 1000000 )) ms"
# The app alone, inside a running container: start to decision on the bundled example snapshot (no network).
podman "${STORAGE[@]}" "${RUN[@]}" --network none -v "$PWD/examples:/examples:ro" -v "$PWD/gates:/gates:ro" --entrypoint /bin/sh "$IMAGE" -c \
  'for i in 1 2 3 4 5; do s=$(date +%s%N); /app/OdooGateAction evaluate --snapshot /examples/snapshots/pr-1347-allowed-to-merge.json --target merge --config /gates >/dev/null; echo "app start-to-decision in the container: $(( ($(date +%s%N) - s) / 1000000 )) ms"; done'


echo "== run the container as GitHub does, against the fake GitHub server"
ODOO_GATES_IMAGE="$IMAGE" ODOO_GATES_PODMAN_STORAGE=vfs dotnet test tests/OdooGateAction.Container.Tests -c Release --logger "console;verbosity=normal" "$@"
echo "container test: $(( $(date +%s) - started ))s in all"
