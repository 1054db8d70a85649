#!/usr/bin/env bash
# Installs what huddle needs, where it is missing: `run` (the default) what building and
# running need; `test` also what the tests need (tmux, `ip` for network namespaces, a python3
# that can make a venv). Debian packages go through apt-get when run as root; otherwise the
# exact command is printed.
set -euo pipefail
purpose="${1:-run}"

packages=(libncurses-dev libsqlite3-dev libicu-dev libsodium-dev zlib1g-dev)
[ "$purpose" = test ] && packages+=(tmux)

if ! command -v swift >/dev/null 2>&1; then
    echo "huddle needs the Swift toolchain (6.1 or newer): https://www.swift.org/install/linux/" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# The end-to-end tests need `ip` (network namespaces) and a python3 that can make a venv.
if [ "$purpose" = test ]; then
    command -v ip >/dev/null 2>&1 || missing+=(iproute2)
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
    echo "huddle needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
