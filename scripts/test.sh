#!/usr/bin/env bash
# The one test command (`npm test`): on a fresh machine it installs what the tests need
# (node modules from the lockfile, Debian's Chromium for Playwright), then runs every test:
# type check, lint, unit and integration tests (vitest), a production build, browser tests (Playwright).
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing node modules (npm ci, exactly the versions in package-lock.json)"
  npm ci --no-audit --no-fund
fi

# System packages the tests drive for real: Chromium (Playwright cannot download its own browsers
# here) and redis-server (the Redis store and the reliability suite start their own).
CHROMIUM="${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
REDIS_SERVER="${REDIS_SERVER_BIN:-/usr/bin/redis-server}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$REDIS_SERVER" ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing ${missing[*]} (Debian packages)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "Missing ${missing[*]}: install them (Debian: sudo apt-get install ${missing[*]}), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE / REDIS_SERVER_BIN" >&2
    exit 1
  fi
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

step "Type check"
npx tsc --noEmit

step "Lint (ESLint: Next.js, react-hooks and typescript-eslint rules; no warnings allowed), format (Prettier), layers (dependency-cruiser), dead code (knip)"
npm run lint

step "Unit and integration tests (vitest)"
unit_status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json" || unit_status=$?

step "Production build (next build)"
npx next build

step "Reliability suite (two app instances, a real redis-server, simulator faults)"
reliability_status=0
npx vitest run --config vitest.reliability.config.ts --reporter=default --reporter=json --outputFile.json="$results/reliability.json" || reliability_status=$?

step "Browser tests (Playwright, Chromium at $CHROMIUM)"
e2e_status=0
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" npx playwright test --reporter=list,json || e2e_status=$?

node scripts/test-summary.mjs "vitest=$results/vitest.json" "vitest=$results/reliability.json" "playwright=$results/playwright.json"
exit $(( unit_status || reliability_status || e2e_status ))
