#!/usr/bin/env bash
# Runs every test: installs what is missing, then lint, typecheck, unit, integration (real
# kernel, inside a throwaway network sandbox) and end-to-end (real Chromium, real agent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm test
