#!/usr/bin/env bash
# BLF fan-out benchmark (bench/blf-bench.ts): installs SIPp and Kamailio's presence server if they
# are missing (Debian 12, as root, from Debian's own archive), then runs the built benchmark.
#   npm run build && bash bench/run-blf-bench.sh [--quick] [--subscribers N] [--rounds R]
# Exit status: the benchmark's (0 ok, 1 failed, 2 a prerequisite is missing).
# Note: on a machine run by systemd, installing kamailio may also enable the system-wide
# kamailio.service on port 5060; the benchmark does not use it (free ports on 127.0.0.1 only):
# `systemctl disable --now kamailio` if unwanted.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
dpkg-query -W -f='${Status}' kamailio-presence-modules 2>/dev/null | grep -q 'install ok installed' || need+=(kamailio-presence-modules)

if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "run-blf-bench: missing ${need[*]}; as root: apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  echo "run-blf-bench: installing ${need[*]}" >&2
  apt-get install -y --no-install-recommends "${need[@]}" >&2 ||
    { apt-get update >&2 && apt-get install -y --no-install-recommends "${need[@]}" >&2; }
fi

if [ ! -f dist/bench/blf-bench.js ]; then
  echo "run-blf-bench: dist/bench/blf-bench.js is missing: run npm run build first" >&2
  exit 2
fi
exec node dist/bench/blf-bench.js "$@"
