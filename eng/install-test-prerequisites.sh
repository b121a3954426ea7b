#!/usr/bin/env bash
# Installs what the tests need and this machine lacks: Debian packages and the npm packages of the
# interop suites. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# command on PATH -> Debian package that provides it
declare -A debian_packages=(
  [redis-server]=redis-server
  [espeak-ng]=espeak-ng
)

missing=()
for command in "${!debian_packages[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${debian_packages[$command]}")
done

if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

for suite in interop/*/; do
  if [[ -f "$suite/package-lock.json" ]]; then
    echo "Installing npm packages of ${suite%/}"
    (cd "$suite" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
