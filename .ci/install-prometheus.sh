#!/usr/bin/env bash
# The deployment tests run a real Prometheus (and promtool) from Debian's archive.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# Debian's package starts a service where systemd runs; the tests start their own.
