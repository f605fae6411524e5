#!/usr/bin/env bash
# The browser tests (test/html/, the dashboard test) drive Debian's Chromium through playwright-core.
# Installs it from Debian's packages when it is missing (as root, or with sudo); `npm test` runs this first.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "Error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo > /dev/null; then
    echo "Error: the browser tests need Chromium: install Debian's chromium package (apt-get install chromium)" >&2
    exit 1
  fi
  SUDO="sudo"
fi
echo "Installing Chromium from Debian's packages (for the browser tests)…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium > /dev/null
