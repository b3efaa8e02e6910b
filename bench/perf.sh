# Sourced by the benchmarks' run.sh scripts: their PERF=1 profile of the API process with Linux perf (kernel-sampled,
# every thread, on-CPU only, JIT-compiled frames named through the runtime's perf map), summarised by perf-summary.py.
# The sourcing script defines log and die.

# The API's environment for a profile: without the double mapping of W^X, perf can name JIT-compiled frames from the
# perf map.
perf_api_env=("DOTNET_PerfMapEnabled=1" "DOTNET_EnableWriteXorExecute=0" "DOTNET_PerfMapShowOptimizationTiers=1")
perf_pid=""

# perf_start PID WORK_DIR: samples PID into WORK_DIR/perf.data (installs linux-perf when missing and run as root).
perf_start() {
  if ! command -v perf >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    apt-get install -y -qq linux-perf >>"$2/apt.log" 2>&1 || true
  fi
  command -v perf >/dev/null 2>&1 || die "PERF=1 needs perf (Debian package linux-perf)"
  perf record -q -F 499 -g -p "$1" -o "$2/perf.data" >>"$2/perf.log" 2>&1 &
  perf_pid=$!
}

# perf_stop: ends the sampling perf_start began (nothing when none runs).
perf_stop() {
  [ -n "$perf_pid" ] || return 0
  kill -INT "$perf_pid" >/dev/null 2>&1 || true
  wait "$perf_pid" 2>/dev/null || true
}

# perf_report WORK_DIR OUT: writes the summary of WORK_DIR/perf.data to OUT (nothing when no profile was taken).
perf_report() {
  [ -n "$perf_pid" ] || return 0
  python3 "$(dirname "${BASH_SOURCE[0]}")/perf-summary.py" "$1/perf.data" >"$2"
  log "profile: $2"
}
