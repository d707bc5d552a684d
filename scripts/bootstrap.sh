#!/usr/bin/env bash
# Create .venv with Python 3.12 or 3.13 and install the project, its test tools and pinned
# dependencies (constraints.txt). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in python3.12 python3.13 python python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if (3, 12) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  # pyenv installs several versions; .python-version asks for 3.12.
  if command -v pyenv >/dev/null 2>&1; then
    for version in $(pyenv versions --bare | grep -E '^3\.1[23]\.' | sort -rV); do
      echo "$(pyenv root)/versions/$version/bin/python"
      return 0
    done
  fi
  return 1
}

if [ ! -x .venv/bin/python ]; then
  python=$(find_python) || { echo "bootstrap: Python 3.12 or 3.13 is required (found none)" >&2; exit 1; }
  echo "bootstrap: creating .venv with $python ($("$python" --version))"
  "$python" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test,app,discovery,cluster,parallel]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# Compile the checkout's modules as pip compiles an installed wheel's: with PYTHONDONTWRITEBYTECODE
# set (as on the project's machines) every command would otherwise compile them again as it starts.
.venv/bin/python -m compileall -q sim
