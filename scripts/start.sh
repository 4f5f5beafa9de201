#!/usr/bin/env bash
# Starts netloom: installs what is missing, builds, then runs the agent, which serves the
# designer at the URL it prints (http://127.0.0.1:7878/#token=...). Options go to `netloom serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
NETLOOM_SKIP_BROWSER=1 bash scripts/setup.sh
exec apps/agent/dist/netloom serve "$@"
