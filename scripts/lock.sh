#!/usr/bin/env bash
# Regenerate requirements.lock: the exact versions (with hashes) that CI and a newcomer install,
# for CPython 3.11 on x86_64 Linux, every extra included. The ranges in pyproject.toml stay for
# people installing the package; this file is what makes a fresh install reproducible.
#   pip install uv && scripts/lock.sh            (then run the tests and commit the lock)
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile pyproject.toml --extra server --extra test --extra build \
  --python-version 3.11 --python-platform x86_64-manylinux_2_34 --generate-hashes \
  --custom-compile-command scripts/lock.sh -o requirements.lock "$@"
