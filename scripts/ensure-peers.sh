#!/usr/bin/env bash
# Installs the Debian packages the peer test suites need when they are missing (DEVELOPERS:
# the test command installs everything): SIPp (sip-tester), baresip, Kamailio with its presence
# modules (the presence publisher's peer test), socat (pseudo-terminal pairs for the serial
# driver tests) and libusb (node-hid loads it at first use). Needs root and apt-get;
# elsewhere it says what is missing and the peer suites say why they cannot run.
set -euo pipefail
need=()
command -v sipp >/dev/null 2>&1 || need+=(sip-tester)
command -v baresip >/dev/null 2>&1 || need+=(baresip)
command -v kamailio >/dev/null 2>&1 || need+=(kamailio)
dpkg-query -W -f='${Status}' kamailio-presence-modules 2>/dev/null | grep -q 'install ok installed' || need+=(kamailio-presence-modules)
command -v socat >/dev/null 2>&1 || need+=(socat)
ldconfig -p 2>/dev/null | grep -q 'libusb-1.0.so.0' || need+=(libusb-1.0-0)
if [ ${#need[@]} -eq 0 ]; then
  echo "peers: sipp, baresip, kamailio (presence), socat and libusb present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "peers: missing ${need[*]} (install with: sudo apt-get install -y ${need[*]})" >&2
  exit 0
fi
echo "peers: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
