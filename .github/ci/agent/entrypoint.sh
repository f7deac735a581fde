#!/bin/sh
# Stand-in for the Oz agent: shows it was started with the task's args in the task's workspace,
# then exits 0 so the AgentTask ends Succeeded.
set -eu
echo "oz-ci-agent: args: $*"
echo "oz-ci-agent: workdir: $(pwd), OZ_RUN_ID=${OZ_RUN_ID:-unset}"
test -d /workspace
