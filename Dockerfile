# syntax=docker/dockerfile:1
# The oz-operator image: a Native AOT build (one native executable, no .NET runtime: about half the
# memory and a quarter of the start-up CPU of the JIT build; docs/performance.md) on Ubuntu chiseled
# runtime-deps (no shell, no package manager), running as uid 10001. Build: docker build -t oz-operator:dev .
#
# Base images are pinned by tag and digest. Refresh both together (Renovate/Dependabot, or
# `docker buildx imagetools inspect <image>:<tag>` for the index digest).

# The build runs on the target's platform: the native compiler links for the machine it runs on.
FROM mcr.microsoft.com/dotnet/sdk:10.0@sha256:ea8bde36c11b6e7eec2656d0e59101d4462f6bd630730f2c8201ed0572b295d5 AS build
ARG TARGETARCH
# The native toolchain Native AOT links with.
RUN apt-get update && apt-get install -y --no-install-recommends clang lld zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Restore first, from the project files only, so the restore layer survives source edits.
# Every project Oz.Operator references is listed here (a test checks).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Oz.Crds/Oz.Crds.csproj src/Oz.Crds/
COPY src/Oz.Operator/Oz.Operator.csproj src/Oz.Operator/
RUN dotnet restore src/Oz.Operator/Oz.Operator.csproj -a "$TARGETARCH" -p:PublishAot=true

COPY src/ src/
# Native AOT. The trim/AOT analysis warns about reflection in KubernetesClient, YamlDotNet, ASP.NET
# Core and the CRD generator: the objects the operator reads and writes have generated JSON metadata
# (so KubernetesClient is trimmed to what the operator uses), the operator's and the CRDs' assemblies,
# whose types are reflected over, are rooted (Oz.Operator.csproj), reflection-based JSON stays on as
# the fallback for the rest, and the two commands that cannot run natively (crd, render) say so. The
# warnings are printed, not errors. docs/performance.md has the figures.
RUN dotnet publish src/Oz.Operator/Oz.Operator.csproj -c Release -a "$TARGETARCH" \
      --no-restore -o /app \
      -p:PublishAot=true -p:TreatWarningsAsErrors=false -p:JsonSerializerIsReflectionEnabledByDefault=true \
      -p:DebugType=None -p:DebugSymbols=false \
      -p:PublishDocumentationFile=false -p:PublishReferencesDocumentationFiles=false \
 && rm -f /app/*.xml /app/*.dbg /app/*.staticwebassets.endpoints.json

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled@sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604
WORKDIR /app
# Only the published app; owned by root and read-only for the operator's user.
COPY --from=build /app/ /app/
# The chiseled base has no tzdata: AgentTaskSchedule time zones (spec.timeZone) are read from it.
COPY --from=build /usr/share/zoneinfo/ /usr/share/zoneinfo/
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_gcServer=0
USER 10001:10001
EXPOSE 8081 9464
ENTRYPOINT ["/app/oz-operator"]
CMD ["run", "--config", "/etc/oz-operator/config.yaml"]
