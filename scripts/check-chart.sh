#!/usr/bin/env bash
# Lints and renders charts/oz-operator under Helm 3 and Helm 4 with every example values file
# (default, rich, no CRDs), and checks that the chart's CRD copy is byte-identical to config/crd.
# Helm binaries: $OZ_HELM3 / $OZ_HELM4, else .tools/helm{3,4}/helm
# (install them with scripts/install-helm.sh .tools/helmN N).
set -euo pipefail
cd "$(dirname "$0")/.."
chart=charts/oz-operator
status=0

crd_source=config/crd/oz.warp.dev_agenttasks.yaml
crd_copy=$chart/files/crds/oz.warp.dev_agenttasks.yaml
if [ ! -f "$crd_source" ]; then
  echo "check-chart: $crd_source is missing" >&2; status=1
elif ! cmp -s "$crd_source" "$crd_copy"; then
  echo "check-chart: $crd_copy differs from $crd_source (run: cp $crd_source $crd_copy)" >&2; status=1
fi

find_helm() {
  local major=$1 var="OZ_HELM$1"
  for candidate in "${!var:-}" ".tools/helm$major/helm"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

for major in 3 4; do
  if ! helm=$(find_helm "$major"); then
    echo "check-chart: no Helm $major found (set OZ_HELM$major or run scripts/install-helm.sh .tools/helm$major $major)" >&2
    status=1; continue
  fi
  echo "check-chart: $("$helm" version --short) ($helm)"
  for values in "$chart"/ci/*-values.yaml; do
    name=$(basename "$values" -values.yaml)
    if ! out=$("$helm" lint "$chart" --strict -f "$values" 2>&1); then
      echo "$out" >&2; echo "check-chart: helm $major lint failed with $name values" >&2; status=1
    fi
    if ! out=$("$helm" template oz-operator "$chart" --namespace oz-system -f "$values" 2>&1); then
      echo "$out" >&2; echo "check-chart: helm $major template failed with $name values" >&2; status=1
    fi
  done
done

if [ "$status" -eq 0 ]; then echo "check-chart: ok"; else echo "check-chart: FAILED" >&2; fi
exit "$status"
