#!/usr/bin/env bash
# Install Debian packages that are missing. Each argument is CHECK:PACKAGE where CHECK is a
# command name, an absolute path, or lib:SONAME (looked up with ldconfig).
set -euo pipefail
missing=()
for spec in "$@"; do
    pkg=${spec##*:}
    check=${spec%:*}
    case "$check" in
        lib:*) ldconfig -p 2>/dev/null | grep -q "${check#lib:}" || missing+=("$pkg") ;;
        /*) [ -e "$check" ] || missing+=("$pkg") ;;
        *) command -v "$check" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these packages: ${missing[*]}" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
