#!/usr/bin/env bash
# The one test command: ./test.sh [extra dotnet test options]
#
# Installs the Debian packages the tests need (when root), builds and runs every test project in
# Jobs.sln (Microsoft.Testing.Platform, Release), writes TRX reports, and prints as its LAST line
#   tests: N passed, N failed, N skipped
# summed from those reports. Exits non-zero when the build or any test fails, or no test ran.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT" || exit 1

# Tests may look at CI (true in CI runs) to choose stricter or slower paths.
export CI="${CI:-}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RESULTS_DIR="${TEST_RESULTS_DIR:-$ROOT/TestResults}"
# A hung test must not eat CI's whole budget (90 minutes).
TEST_TIMEOUT="${TEST_TIMEOUT:-40m}"

# Debian packages the tests need, installed when missing.
# chromium: the dashboard's browser tests (Playwright drives Debian's /usr/bin/chromium; nothing is downloaded).
# postgresql: tests that start a throwaway PostgreSQL 15 cluster (database_ingestion, the PostgreSQL store).
APT_PACKAGES=(chromium postgresql)

summary() { # passed failed skipped
  echo "tests: $1 passed, $2 failed, $3 skipped"
}

fail_early() { # message
  echo "test.sh: $1" >&2
  summary 0 0 0
  exit 1
}

install_apt_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: not root or no apt-get; not installing ${missing[*]} (tests that need them may fail)" >&2
    return 0
  fi

  echo "test.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null >/dev/null \
    && apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
    || fail_early "apt-get install ${missing[*]} failed"
}

# A throwaway PostgreSQL 15 cluster on 127.0.0.1 (a free port, trust auth, fsync off: tests need no durability),
# exported as JOBS_TEST_POSTGRES and stopped on exit. Skipped when JOBS_TEST_POSTGRES is already set (your own server).
# Without it, tests that need PostgreSQL fail under CI and are skipped (with the reason) elsewhere.
PG_DIR=""
stop_postgres() {
  [[ -n "$PG_DIR" ]] || return 0
  as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PG_DIR"
}

as_pg() { # run as the postgres user when root (initdb refuses root), else as ourselves
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_test_services() {
  [[ -n "${JOBS_TEST_POSTGRES:-}" ]] && return 0
  PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
  if [[ ! -x "$PGBIN/initdb" ]]; then
    echo "test.sh: no PostgreSQL 15 at $PGBIN; PostgreSQL tests fail in CI and are skipped elsewhere" >&2
    return 0
  fi

  local port
  for port in $(seq 55432 55531); do
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  PG_DIR="$(mktemp -d)"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_DIR"
  trap stop_postgres EXIT
  if as_pg "$PGBIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    && as_pg "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=400" start >/dev/null; then
    export JOBS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
    echo "test.sh: PostgreSQL test cluster on 127.0.0.1:$port" >&2
  else
    echo "test.sh: could not start a PostgreSQL test cluster (see $PG_DIR)" >&2
    cat "$PG_DIR/initdb.log" "$PG_DIR/server.log" >&2 2>/dev/null
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  fail_early "the .NET 10 SDK (dotnet) is not on PATH"
fi

if [[ ${#APT_PACKAGES[@]} -gt 0 ]]; then
  install_apt_packages "${APT_PACKAGES[@]}"
fi
start_test_services

if [[ -f .config/dotnet-tools.json || -f dotnet-tools.json ]]; then
  dotnet tool restore </dev/null || fail_early "dotnet tool restore failed"
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"

# Build every project first, benchmarks and tools included: `dotnet test` builds only test projects,
# so a benchmark that no longer compiles would otherwise pass CI unnoticed.
dotnet build Jobs.sln -c Release </dev/null || fail_early "the solution does not build"

# Exit code 8 means "zero tests ran" in one project (a project with no tests yet); the total is
# checked below instead.
dotnet test --solution Jobs.sln -c Release \
  --report-trx --results-directory "$RESULTS_DIR" \
  --ignore-exit-code 8 --timeout "$TEST_TIMEOUT" \
  "$@" </dev/null
test_exit=$?

shopt -s nullglob
trx_files=("$RESULTS_DIR"/*.trx)
shopt -u nullglob

passed=0 failed=0 skipped=0
if [[ ${#trx_files[@]} -gt 0 ]]; then
  # Sum the <Counters .../> element of every report: failures include errors, timeouts, aborts and
  # crashed test hosts; skipped tests are reported as notExecuted.
  read -r passed failed skipped < <(
    awk '
      /<Counters / {
        line = $0
        n = split("passed failed error timeout aborted notExecuted", keys, " ")
        for (i = 1; i <= n; i++) {
          if (match(line, keys[i] "=\"[0-9]+\"")) {
            v = substr(line, RSTART + length(keys[i]) + 2, RLENGTH - length(keys[i]) - 3)
            c[keys[i]] += v
          }
        }
      }
      # A crashed test host leaves a report without its results ("Test host process pid: N crashed."):
      # count it as one failure so the line never reads "0 failed" for a broken run.
      /<Text>Test host process[^<]*crashed/ { crashed++ }
      END {
        printf "%d %d %d\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"] + crashed, c["notExecuted"]
      }
    ' "${trx_files[@]}"
  )
fi

status=0
if [[ $test_exit -ne 0 ]]; then
  echo "test.sh: dotnet test exited with $test_exit" >&2
  status=1
fi
if [[ $failed -gt 0 ]]; then
  status=1
fi
if [[ $((passed + failed)) -eq 0 ]]; then
  echo "test.sh: no test ran (reports: ${#trx_files[@]} in $RESULTS_DIR)" >&2
  status=1
fi

summary "$passed" "$failed" "$skipped"
exit "$status"
