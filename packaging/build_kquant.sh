#!/usr/bin/env bash
# Installs mlx-kquant into the venv whose python is $1, where pip has no wheel for it.
#
# macOS arm64 (26.2+) gets the wheel through pyproject.toml and this script does nothing.
# On Linux there is no wheel: mlx-kquant builds from its sdist, CPU only, against the
# mlx[cpu] already in the venv (it pins mlx exactly, so no build isolation). Its CMake
# fetches gguflib from GitHub at configure time; where ../shared/third_party/gguf-tools
# exists (machines that reach only the package registries) a patched copy of it is used.
# The built wheel is kept in a cache folder named after this recipe, so a second fresh
# venv on the same machine installs in seconds and a changed recipe builds again.
set -euo pipefail
PY=${1:?usage: build_kquant.sh VENV_PYTHON}
VERSION=0.5.6
RECIPE=r2  # bump when the build below changes: it names the wheel cache
here="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(uname -s)" != "Linux" ]; then
    exit 0
fi
if "$PY" -c "import importlib.metadata as m, sys; sys.exit(m.version('mlx-kquant') != '$VERSION')" 2>/dev/null \
        && [ -f "$(dirname "$PY")/../.kquant-$RECIPE" ]; then
    exit 0
fi

venv_bin="$(cd "$(dirname "$PY")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/orchard-build/mlx-kquant-$VERSION-$RECIPE"
if ! ls "$cache"/mlx_kquant-*.whl >/dev/null 2>&1; then
    "$PY" -m pip install --quiet "nanobind==3.0.1" "setuptools>=77" "cmake>=3.27"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    cmake_args=${CMAKE_ARGS:-}
    src="$here/../shared/third_party/gguf-tools"
    if [ -d "$src" ]; then
        # The build patches gguflib in place, and shared/ is read-only: use a copy.
        cp -r "$src" "$work/gguflib"
        chmod -R u+w "$work/gguflib"
        # That revision of gguflib.c has three wrong rows in its type table (block sizes
        # from before llama.cpp settled them): Q2_K blocks are 84 bytes, IQ1_S blocks
        # 50 bytes, IQ4_NL blocks 32 values in 18 bytes (ggml-common.h). With them, every
        # Q2_K file fails to load. mlx-kquant's own pin of gguflib has them right.
        sed -i -e 's/{"q2_k", 256, 82}/{"q2_k", 256, 84}/' \
               -e 's/{"iq1_s", 256, 110}/{"iq1_s", 256, 50}/' \
               -e 's/{"iq4_nl", 256, 50}/{"iq4_nl", 32, 18}/' "$work/gguflib/gguflib.c"
        cmake_args="$cmake_args -DFETCHCONTENT_SOURCE_DIR_GGUFLIB=$work/gguflib"
    fi
    echo "Building mlx-kquant $VERSION for the CPU backend (several minutes, once per machine)..."
    PATH="$venv_bin:$PATH" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
        CMAKE_ARGS="$cmake_args" \
        "$PY" -m pip wheel --quiet --no-deps --no-build-isolation --no-cache-dir \
        -w "$work/wheel" "mlx-kquant==$VERSION"
    mkdir -p "$cache"
    cp "$work"/wheel/mlx_kquant-*.whl "$cache"/
fi
"$PY" -m pip install --quiet --no-deps --force-reinstall "$cache"/mlx_kquant-*.whl
touch "$(dirname "$PY")/../.kquant-$RECIPE"
