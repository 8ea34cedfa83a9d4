#!/usr/bin/env bash
# The HTML report's browser tests render it in Debian's chromium (headless, driven by playwright-core).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: no apt-get here; install Debian's chromium package by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# fonts-dejavu-core: text in screenshots and PDFs reads as text, not boxes.
install() { apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }
install || { apt-get update -qq && install; }
chromium --version 2>/dev/null | head -n 1
