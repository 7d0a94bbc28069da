#!/usr/bin/env bash
# Install Debian's chromium for the browser test (tests/test_browser.py), if it is missing.
# Idempotent: safe to call on every CI run. Never downloads Playwright's own browsers.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install-browser: $CHROMIUM already installed ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: not root and no sudo; install chromium yourself (apt-get install chromium)" >&2
    exit 1
  fi
fi

echo "install-browser: installing Debian's chromium with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
echo "install-browser: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
