#!/usr/bin/env bash
# Collect the window's strings into resources/i18n/orchard_<lang>.ts (translations already
# made are kept; strings gone from the code are dropped) and compile every .ts to the .qm
# the app loads (app/gui/i18n.py). Run after changing a visible string, then translate the
# new entries (type="unfinished") and run it again.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${VENV_BIN:-.venv/bin}"
mapfile -t SOURCES < <(find app/gui -name '*.py' | sort)
for lang in ja zh_CN de fr es; do
    "$BIN/pyside6-lupdate" -no-obsolete -locations none -target-language "$lang" \
        "${SOURCES[@]}" -ts "resources/i18n/orchard_$lang.ts" | tail -1
    "$BIN/pyside6-lrelease" -silent "resources/i18n/orchard_$lang.ts" \
        -qm "resources/i18n/orchard_$lang.qm"
done
