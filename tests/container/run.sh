#!/usr/bin/env bash
# Container test, without a Docker engine: builds the image from the project's own Dockerfile with buildah, on
# local stand-ins for the base images, then runs it with podman the way a GitHub runner runs a container action
# (tests/OdooGateAction.Container.Tests; what the runner does is in docs/container-runtime.md).
#   runtime-deps stand-in: like mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled: only the libraries
#     (libc, libgcc_s, libstdc++, libssl), the CA bundle and base-files' folders; root and app (1654) in
#     /etc/passwd; no shell, no package manager; USER 1654 and the same ENV. Taken from a debootstrap'd Debian root.
#   SDK stand-in: like mcr.microsoft.com/dotnet/sdk:10.0-noble-aot: the Debian root plus this machine's .NET SDK,
#     clang, llvm and zlib1g-dev.
# The test runs the image of the Dockerfile's default, Native AOT; the r2r image (PUBLISH_MODE=r2r) is built too and
# started once.
# Arguments are passed to `dotnet test` (e.g. --logger trx --results-directory DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

missing=()
for tool in buildah podman debootstrap runc; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah podman debootstrap runc uidmap >/dev/null
fi
# A static busybox, mounted read-only into the shell-less image only to time the app inside it (figures, not the test).
if [ ! -x /bin/busybox ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >/dev/null 2>&1 || echo "(busybox-static unavailable: no in-container figures)"
fi

# A container store of this test's own (never the default store that other checkouts on this machine may use):
# overlay where the kernel mounts it (a cached rebuild takes seconds, a container starts in about a second),
# else vfs (every layer and every container is a full copy: minutes per build, seconds per run).
driver=${ODOO_GATES_STORAGE_DRIVER:-}
if [ -z "$driver" ]; then
  probe=$(mktemp -d)
  mkdir -p "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
  if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"; driver=overlay
  else
    driver=vfs
  fi
  rm -rf "$probe"
fi
STORAGE=(--storage-driver "$driver" --root "/var/lib/containers/odoo-gates-$driver" --runroot "/run/odoo-gates-$driver")
# podman here: no systemd cgroups, runc, and rlimits a sandbox allows.
RUN=(run --rm --cgroup-manager=cgroupfs --runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
DEBIAN=localhost/odoo-gates-standin/debian:bookworm
RUNTIME_DEPS=localhost/odoo-gates-standin/runtime-deps:10.0-noble-chiseled-r2
SDK=localhost/odoo-gates-standin/dotnet-sdk:$(dotnet --version)-aot-r4
IMAGE=localhost/odoo-gate-action:test
IMAGE_R2R=localhost/odoo-gate-action:test-r2r
echo "== container store: $driver"

if ! podman "${STORAGE[@]}" image exists "$DEBIAN"; then
  echo "== Debian root: debootstrap minbase bookworm"
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=ca-certificates,libssl3 bookworm "$root" "$MIRROR" >/dev/null
  tar -C "$root" -c . | podman "${STORAGE[@]}" import - "$DEBIAN" >/dev/null
  rm -rf "$root"
fi

if ! podman "${STORAGE[@]}" image exists "$RUNTIME_DEPS"; then
  echo "== runtime-deps stand-in: a chiseled root taken from the Debian root"
  from=$(buildah "${STORAGE[@]}" from "$DEBIAN")
  to=$(buildah "${STORAGE[@]}" from scratch)
  src=$(buildah "${STORAGE[@]}" mount "$from")
  dst=$(buildah "${STORAGE[@]}" mount "$to")
  # Merged /usr, as in the real image.
  mkdir -p "$dst/usr/bin" "$dst/usr/sbin" "$dst/usr/lib" "$dst/usr/lib64"
  for link in bin sbin lib lib64; do ln -s "usr/$link" "$dst/$link"; done
  copy() { # one path of a package list, at its merged-/usr place: a folder alone, a file or link as it is
    local path=$1
    path=$(sed -E 's#^/(bin|sbin|lib|lib64)/#/usr/\1/#' <<<"$path")
    case "$path" in /bin|/sbin|/lib|/lib64|/.) return ;; esac
    if [ -L "$src$path" ] || [ -f "$src$path" ]; then
      mkdir -p "$dst$(dirname "$path")"; cp -P --preserve=mode,ownership,links "$src$path" "$dst$path"
    elif [ -d "$src$path" ]; then
      mkdir -p "$dst$path"; chmod --reference="$src$path" "$dst$path"
    fi
  }
  while read -r path; do copy "$path"; done < "$src/var/lib/dpkg/info/base-files.list"
  # The library slices: shared objects only (no ldd, ldconfig or other tools).
  for pkg in libc6 libgcc-s1 libstdc++6 libssl3; do
    grep -E '\.so(\.[0-9.]+)?$' "$src/var/lib/dpkg/info/$pkg:amd64.list" | grep -v '/gconv/' | while read -r path; do copy "$path"; done
  done
  # ca-certificates' data: the bundle and its sources.
  mkdir -p "$dst/etc/ssl/certs" "$dst/usr/share"
  cp "$src/etc/ssl/certs/ca-certificates.crt" "$dst/etc/ssl/certs/"
  cp -a "$src/usr/share/ca-certificates" "$dst/usr/share/"
  # Users as the real image's build writes them: root, and app (1654) whose home belongs to it.
  printf 'root:x:0:0:root:/root:/bin/bash\napp:x:1654:1654::/home/app:/bin/false\n' > "$dst/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$dst/etc/group"
  install -d -m 0755 -o 1654 -g 1654 "$dst/home/app"
  chmod 1777 "$dst/tmp"
  for tool in sh bash dash busybox dpkg apt; do
    if [ -e "$dst/usr/bin/$tool" ]; then echo "error: the runtime-deps stand-in has /usr/bin/$tool" >&2; exit 1; fi
  done
  buildah "${STORAGE[@]}" umount "$from" "$to" >/dev/null
  # The real image's config (BuildKit adds the default PATH to an image built from scratch).
  buildah "${STORAGE[@]}" config --user 1654 --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env APP_UID=1654 --env ASPNETCORE_HTTP_PORTS=8080 \
    --env DOTNET_RUNNING_IN_CONTAINER=true --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true "$to"
  buildah "${STORAGE[@]}" commit --quiet "$to" "$RUNTIME_DEPS" >/dev/null
  buildah "${STORAGE[@]}" rm "$from" "$to" >/dev/null
fi

if ! podman "${STORAGE[@]}" image exists "$SDK"; then
  echo "== SDK stand-in: the Debian root plus this machine's .NET SDK ($(dotnet --version)) and the Native AOT linker"
  ctr=$(buildah "${STORAGE[@]}" from "$DEBIAN")
  buildah "${STORAGE[@]}" copy "$ctr" "$(dirname "$(readlink -f "$(command -v dotnet)")")" /usr/share/dotnet >/dev/null
  buildah "${STORAGE[@]}" run --isolation chroot "$ctr" -- ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet
  # What the -aot SDK image adds (dotnet/dotnet-docker, src/sdk/10.0/noble-aot): clang, llvm, zlib1g-dev.
  buildah "${STORAGE[@]}" run --isolation chroot "$ctr" -- sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends clang llvm zlib1g-dev >/dev/null && rm -rf /var/lib/apt/lists/*'
  # Restore reaches NuGet as this machine does: trust this machine's CA bundle (its egress proxy's CA included).
  buildah "${STORAGE[@]}" copy "$ctr" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
  # The stand-in root has no ICU (the real SDK image does): the SDK runs globalization-invariant.
  buildah "${STORAGE[@]}" config --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 --env DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
    --env NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" --env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt "$ctr"
  buildah "${STORAGE[@]}" commit --quiet "$ctr" "$SDK" >/dev/null
  buildah "${STORAGE[@]}" rm "$ctr" >/dev/null
fi

mkdir -p "$HOME/.nuget/packages"
build() { # TAG [BUILD-ARG...]: builds ./Dockerfile on the stand-ins; prints its seconds
  local tag=$1 log started
  shift
  log=$(mktemp /tmp/odoo-gates-image-build.XXXXXX)
  started=$(date +%s)
  buildah "${STORAGE[@]}" bud --isolation chroot --layers \
    --build-arg SDK_IMAGE="$SDK" --build-arg RUNTIME_DEPS_IMAGE="$RUNTIME_DEPS" "$@" \
    --volume "$HOME/.nuget/packages:/root/.nuget/packages" \
    -t "$tag" -f Dockerfile . > "$log" 2>&1 \
    || { tail -40 "$log" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
  echo $(( $(date +%s) - started ))
}
echo "== build the image from ./Dockerfile (its default: Native AOT)"
build_seconds=$(build "$IMAGE")
echo "== build the r2r image from ./Dockerfile (PUBLISH_MODE=r2r) and start it once"
r2r_seconds=$(build "$IMAGE_R2R" --build-arg PUBLISH_MODE=r2r)
podman "${STORAGE[@]}" "${RUN[@]}" --network none -v "$PWD/gates:/gates:ro" "$IMAGE_R2R" validate --config /gates
# The store keeps every build's stages as cache: those of earlier days go, today's stay.
podman "${STORAGE[@]}" image prune -f --filter until=24h >/dev/null

user_of() { podman "${STORAGE[@]}" image inspect "$1" --format '{{.Config.User}}'; }
image_bytes=$(podman "${STORAGE[@]}" image inspect "$IMAGE" --format '{{.Size}}')
base_bytes=$(podman "${STORAGE[@]}" image inspect "$RUNTIME_DEPS" --format '{{.Size}}')
ctr=$(buildah "${STORAGE[@]}" from "$IMAGE")
app_bytes=$(du -sb "$(buildah "${STORAGE[@]}" mount "$ctr")/app" | cut -f1)
buildah "${STORAGE[@]}" rm "$ctr" >/dev/null
echo "image: $((image_bytes / 1024 / 1024)) MiB (runtime-deps stand-in $((base_bytes / 1024 / 1024)) MiB, user '$(user_of "$RUNTIME_DEPS")'; app $((app_bytes / 1024 / 1024)) MiB); user '$(user_of "$IMAGE")'; build ${build_seconds}s (r2r ${r2r_seconds}s)"
if [ -x /bin/busybox ]; then
  # What podman itself costs here: a container that does nothing.
  baseline_started=$(date +%s%N)
  podman "${STORAGE[@]}" "${RUN[@]}" --network none -v /bin/busybox:/busybox:ro --entrypoint /busybox "$IMAGE" true
  echo "podman baseline (run busybox true in this image): $(( ($(date +%s%N) - baseline_started) / 1000000 )) ms"
  # The app alone, inside a running container: start to decision on the bundled example snapshot (no network).
  podman "${STORAGE[@]}" "${RUN[@]}" --network none -v /bin/busybox:/busybox:ro -v "$PWD/examples:/examples:ro" -v "$PWD/gates:/gates:ro" \
    --entrypoint /busybox "$IMAGE" sh -c \
    'for i in 1 2 3 4 5; do /busybox time -f "app start-to-decision in the container: %e s" /app/OdooGateAction evaluate --snapshot /examples/snapshots/pr-1347-allowed-to-merge.json --target merge --config /gates >/dev/null; done' 2>&1
fi

echo "== run the container as GitHub does, against the fake GitHub server"
ODOO_GATES_IMAGE="$IMAGE" ODOO_GATES_PODMAN_STORAGE="${STORAGE[*]}" \
  dotnet test tests/OdooGateAction.Container.Tests -c Release --logger "console;verbosity=normal" "$@"
echo "container test: $(( $(date +%s) - started ))s in all"
