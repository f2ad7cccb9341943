#!/usr/bin/env bash
# Media benchmark (bench/media/media-bench.ts): installs Debian's rtpengine (the anchor) if it is
# missing and we are root, then runs the built benchmark. Without rtpengine the benchmark still
# runs keyline's cases and says the anchor row is missing.
#   npm run build && bash bench/run-media-bench.sh [--quick] [--runs N] [--window-s S] [--warm-s S] [--only TEXT] [--cpu-prof] [--port-base N]
# Exit status: the benchmark's (0 ok, 1 a case failed, 2 the build is missing).
# Note: installing rtpengine-daemon enables its system service on a machine run by systemd
# (ports 2223-2225 on localhost); the benchmark starts its own daemon on free ports and does not
# use it: `systemctl disable --now rtpengine-daemon` if unwanted.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rtpengine >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-media-bench: installing rtpengine-daemon" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rtpengine-daemon >&2 ||
      { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rtpengine-daemon >&2; } ||
      echo "run-media-bench: could not install rtpengine-daemon; the anchor row will be missing" >&2
  else
    echo "run-media-bench: rtpengine is missing (as root: apt-get install rtpengine-daemon); the anchor row will be missing" >&2
  fi
fi

if [ ! -f dist/bench/media/media-bench.js ]; then
  echo "run-media-bench: dist/bench/media/media-bench.js is missing: run npm run build first" >&2
  exit 2
fi
echo "run-media-bench: load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" >&2
exec node dist/bench/media/media-bench.js "$@"
