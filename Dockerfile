# syntax=docker/dockerfile:1
# OdooGateAction container. Base images are build arguments so they can be swapped (mirrors, GHES, air-gapped
# builds, the local stand-ins of tests/container/). PUBLISH_MODE: aot (default: Native AOT, smallest and fastest)
# or r2r (ReadyToRun, self-contained, single file; for registries without the Native AOT runtime pack).
# Native AOT links with the platform linker: the -aot SDK image adds clang, llvm and zlib1g-dev to the SDK (the plain
# sdk:10.0 image has no linker, and its AOT publish fails); r2r builds on it too.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble-aot
ARG RUNTIME_DEPS_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled

FROM ${SDK_IMAGE} AS build
ARG PUBLISH_MODE=aot
ARG TARGETARCH=amd64
WORKDIR /src
# Restore in its own layer: it changes only when a project or package version changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig OdooGateAction.sln ./
COPY src/OdooGateAction.Core/OdooGateAction.Core.csproj src/OdooGateAction.Core/
COPY src/OdooGateAction.GitHub/OdooGateAction.GitHub.csproj src/OdooGateAction.GitHub/
COPY src/OdooGateAction.ControlPlane/OdooGateAction.ControlPlane.csproj src/OdooGateAction.ControlPlane/
COPY src/OdooGateAction/OdooGateAction.csproj src/OdooGateAction/
RUN set -eu; \
    case "$TARGETARCH" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; *) echo "unsupported TARGETARCH $TARGETARCH" >&2; exit 1 ;; esac; \
    case "$PUBLISH_MODE" in \
      aot) mode="-p:PublishAot=true" ;; \
      r2r) mode="-p:PublishReadyToRun=true -p:SelfContained=true -p:PublishTrimmed=true" ;; \
      *) echo "PUBLISH_MODE must be aot or r2r, got $PUBLISH_MODE" >&2; exit 1 ;; \
    esac; \
    echo "$rid" > /tmp/rid; echo "$mode" > /tmp/mode; \
    dotnet restore src/OdooGateAction/OdooGateAction.csproj -r "$rid" $mode
COPY src/ src/
COPY supabase/migrations/ supabase/migrations/
RUN set -eu; rid=$(cat /tmp/rid); mode=$(cat /tmp/mode); \
    if [ "$PUBLISH_MODE" = r2r ]; then mode="$mode -p:PublishSingleFile=true"; fi; \
    dotnet publish src/OdooGateAction/OdooGateAction.csproj -c Release -r "$rid" --no-restore $mode \
      -p:DebugType=none -p:GenerateDocumentationFile=false -o /app; \
    rm -f /app/*.pdb /app/*.xml /app/*.dbg; \
    test -x /app/OdooGateAction

FROM ${RUNTIME_DEPS_IMAGE}
LABEL org.opencontainers.image.title="odoo-gate-action" \
      org.opencontainers.image.description="Release-gate evaluator for Odoo teams (G1-G4), a GitHub Action" \
      org.opencontainers.image.licenses="MIT"
COPY --from=build /app/ /app/
# GitHub requires container actions to run as root
# (https://docs.github.com/en/actions/reference/workflows-and-actions/dockerfile-support#user): the runner starts
# the image with `docker run` and no --user, so as the image's USER, and the folders it mounts (the workspace,
# /github/home, /github/file_commands) belong to the runner's user (uid 1001 on GitHub-hosted runners). The
# runtime-deps base sets USER 1654 (app), which could write none of them: every run would fail. So root, here
# where the base sets another user. No WORKDIR: the runner passes --workdir /github/workspace.
# docs/container-runtime.md has what the runner mounts and passes, from its source.
USER root
ENTRYPOINT ["/app/OdooGateAction"]
