#!/usr/bin/env bash
# Virtuoso for the remote-store tests (issue 15).
#   .ci/virtuoso.sh install   apt-get install Debian's virtuoso-opensource (no service started
#                             by the tests: tests/servers/virtuoso.py runs its own copy on
#                             loopback, in a temporary folder, with the package's defaults)
#   .ci/virtuoso.sh test      run the remote-store tests with CI=true (a missing Virtuoso fails)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

case "${1:-}" in
  install)
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
    # the package may start its own service on 8890/1111; the tests never use it
    if command -v systemctl >/dev/null && systemctl is-active --quiet virtuoso-opensource-7; then
      $SUDO systemctl stop virtuoso-opensource-7
    fi
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null
    ;;
  test)
    PYTHON="${PYTHON:-.venv/bin/python}"
    CI=true "$PYTHON" -m pytest tests/remote tests/test_remote.py
    ;;
  *)
    echo "usage: $0 install|test" >&2
    exit 2
    ;;
esac
