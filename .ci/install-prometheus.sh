#!/usr/bin/env bash
# The deployment tests run a real Prometheus (and promtool) from Debian's archive.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-prometheus: no apt-get here; install Debian's prometheus package by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

# The package's maintainer scripts start a Prometheus daemon on :9090 where they can (an init
# script runs even without systemd). The tests start their own on free ports, so forbid service
# starts for this install only, unless the machine already has a policy.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  added_policy=1
fi
cleanup() { if [ "$added_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v promtool >/dev/null
prometheus --version 2>&1 | head -n 1
