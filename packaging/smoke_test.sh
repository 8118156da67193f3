#!/usr/bin/env bash
# The bundle smoke test (make app-test): run the built app's self-test offscreen with a
# throwaway data folder and check the bundle itself.
#
#   packaging/smoke_test.sh [BUNDLE_BINARY]
#
# BUNDLE_BINARY defaults to dist/Orchard/Orchard (Linux) or
# dist/Orchard.app/Contents/MacOS/Orchard (macOS). Checks, in order:
#   1. `--self-test`: the real window loads the starter model from inside the bundle, replies
#      and exits 0 (one JSON line), natively through mlx-kquant where the build has it;
#   2. an MLX folder (a tiny random-weight model from the test fixtures) loads through
#      mlx-lm and transformers' AutoTokenizer in the frozen app, and `serve` answers a chat
#      completion on it (uvicorn imports its loop and protocol modules by name);
#   3. the run wrote into ORCHARD_HOME and nothing inside the bundle;
#   4. the bundle holds exactly one libmlx (and, on macOS, mlx.metallib beside it).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "$(uname -s)" == Darwin ]]; then
    BIN=${1:-dist/Orchard.app/Contents/MacOS/Orchard}
    BUNDLE=$(cd "$(dirname "$BIN")/../.." && pwd)
else
    BIN=${1:-dist/Orchard/Orchard}
    BUNDLE=$(cd "$(dirname "$BIN")" && pwd)
fi
PY=${PY:-.venv/bin/python}
[[ -x "$BIN" ]] || { echo "smoke: no bundle at $BIN; run make app first" >&2; exit 1; }

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export ORCHARD_HOME="$home/orchard" QT_QPA_PLATFORM=offscreen
touch "$home/started"

echo "smoke: $BIN --self-test"
start=$(date +%s)
"$BIN" --self-test --screenshot "$home/self-test.png" | tee "$home/self-test.json"
grep -q '"ok": true' "$home/self-test.json"
echo "smoke: self-test passed in $(( $(date +%s) - start )) s"
# Where the build had mlx-kquant, the frozen app must run the starter GGUF as published.
if [[ -x "$PY" ]] && "$PY" -c "import mlx_kquant" 2>/dev/null; then
    grep -q '"weights": "native"' "$home/self-test.json" \
        || { echo "smoke: the bundle did not run the starter natively (mlx-kquant missing?)" >&2; exit 1; }
    echo "smoke: the starter ran as published (mlx-kquant)"
fi

if [[ -x "$PY" ]]; then
    "$PY" -c "
import sys
from pathlib import Path
from tests.fixtures.tiny_models import build_tiny_mlx_model, build_tokenizer_json
build_tiny_mlx_model('llama', Path(sys.argv[1]), build_tokenizer_json())" "$home/tiny-llama"
    "$BIN" chat -m "$home/tiny-llama" -p "hello" --max-tokens 4 --temp 0 --json \
        | tee "$home/mlx.json"
    grep -q '"finish_reason"' "$home/mlx.json"
    echo "smoke: MLX folder loaded"

    "$BIN" serve -m "$home/tiny-llama" --port 0 2>"$home/serve.log" &
    server=$!
    url=""
    for _ in $(seq 600); do  # until it says where it listens (it loads first), or exits
        url=$(grep -o 'http://127.0.0.1:[0-9]*/v1' "$home/serve.log" || true)
        [[ -n "$url" ]] || ! kill -0 "$server" 2>/dev/null && break
        sleep 0.1
    done
    [[ -n "$url" ]] || { cat "$home/serve.log" >&2; echo "smoke: serve did not start" >&2; exit 1; }
    "$PY" -c "
import json, sys, urllib.request
body = json.dumps({'messages': [{'role': 'user', 'content': 'hi'}], 'max_tokens': 3,
                   'temperature': 0}).encode()
req = urllib.request.Request(sys.argv[1] + '/chat/completions', body,
                             {'Content-Type': 'application/json'})
reply = json.load(urllib.request.urlopen(req, timeout=60))
assert reply['usage']['completion_tokens'] >= 1, reply" "$url"
    kill -INT "$server"
    wait "$server"
    echo "smoke: serve answered a chat completion at $url"
else
    echo "smoke: no $PY to build a tiny MLX folder; skipped that check"
fi

[[ -f "$ORCHARD_HOME/data/conversations.sqlite3" ]] \
    || { echo "smoke: the self-test saved no conversation under ORCHARD_HOME" >&2; exit 1; }
written=$(find "$BUNDLE" -newer "$home/started" \( -type f -o -type d \) | head -5)
[[ -z "$written" ]] || { echo "smoke: the app wrote inside the bundle:"$'\n'"$written" >&2; exit 1; }

libs=$(find "$BUNDLE" -type f -name 'libmlx.*')
[[ $(wc -l <<<"$libs") -eq 1 ]] || { echo "smoke: libmlx is not exactly one file:"$'\n'"$libs" >&2; exit 1; }
if [[ "$(uname -s)" == Darwin ]]; then
    [[ -e "$(dirname "$libs")/mlx.metallib" ]] \
        || { echo "smoke: no mlx.metallib beside $libs" >&2; exit 1; }
fi
echo "smoke: one libmlx at ${libs#"$BUNDLE"/}"
echo "smoke: bundle size $(du -sh "$BUNDLE" | cut -f1)"
echo "smoke: passed"
