#!/usr/bin/env bash
# Installs mlx-kquant into the venv whose python is $1, where pip has no wheel for it.
#
# macOS arm64 (26.2+) gets the wheel through pyproject.toml and this script does nothing.
# On Linux there is no wheel: mlx-kquant builds from its sdist, CPU only, against the
# mlx[cpu] already in the venv (it pins mlx exactly, so no build isolation). Its CMake
# fetches gguflib from GitHub at configure time; where ../shared/third_party/gguf-tools
# exists (machines that reach only the package registries) a copy of it is used.
#
# The sdist's kernels are portable C++ with no SIMD of their own: what the compiler is
# allowed to emit decides their speed. Where this CPU has the x86-64-v3 feature level
# (AVX2, FMA, F16C, BMI1/2, LZCNT, MOVBE) the build targets it; elsewhere, and with
# ORCHARD_KQUANT_LEVEL=baseline, it is the plain x86-64 build. A v3 build crashes with
# "illegal instruction" on a CPU without those features, so the level names both the
# wheel cache and the venv's stamp: a cache or a venv carried to another CPU is never
# used there unless that CPU has the same level. docs/kquant-build.md has what v3 gains.
# The built wheel is kept in a cache folder named after this recipe, so a second fresh
# venv on the same machine installs in seconds and a changed recipe builds again.
set -euo pipefail
PY=${1:?usage: build_kquant.sh VENV_PYTHON}
VERSION=0.5.6
RECIPE=r3  # bump when the build below changes: it names the wheel cache
here="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(uname -s)" != "Linux" ]; then
    exit 0
fi

# The feature level this machine's build targets. /proc/cpuinfo lists what the kernel has
# enabled: it drops avx, avx2, fma and f16c when the OS does not save the AVX registers
# (XSAVE), which a bare CPUID test would miss. It needs no compiler feature and no
# particular glibc (ld.so --help names the levels only from glibc 2.33, and
# __builtin_cpu_supports("x86-64-v3") only from GCC 12). "abm" is how the kernel spells
# LZCNT. The list is the psABI's x86-64-v2 and -v3 sets. The compiler must also know the
# level (GCC 11+, clang 12+).
level() {
    if [ "${ORCHARD_KQUANT_LEVEL:-}" = "baseline" ] || [ "$(uname -m)" != "x86_64" ]; then
        echo baseline; return
    fi
    local flags want
    flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
    for want in cx16 lahf_lm popcnt sse4_1 sse4_2 ssse3 \
                avx avx2 bmi1 bmi2 f16c fma abm movbe xsave; do
        case "$flags" in *" $want "*) ;; *) echo baseline; return ;; esac
    done
    if ! echo 'int main(void) { return 0; }' \
            | "${CC:-cc}" -march=x86-64-v3 -x c -o /dev/null - >/dev/null 2>&1; then
        echo baseline; return
    fi
    echo x86-64-v3
}
LEVEL="$(level)"
TAG="$RECIPE-$LEVEL"

if "$PY" -c "import importlib.metadata as m, sys; sys.exit(m.version('mlx-kquant') != '$VERSION')" 2>/dev/null \
        && [ -f "$(dirname "$PY")/../.kquant-$TAG" ]; then
    exit 0
fi

venv_bin="$(cd "$(dirname "$PY")" && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/orchard-build/mlx-kquant-$VERSION-$TAG"
if ! ls "$cache"/mlx_kquant-*.whl >/dev/null 2>&1; then
    "$PY" -m pip install --quiet "nanobind==3.0.1" "setuptools>=77" "cmake>=3.27"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    cmake_args=${CMAKE_ARGS:-}
    src="$here/../shared/third_party/gguf-tools"
    if [ -d "$src" ]; then
        # The build patches gguflib in place (cmake/patch-gguflib.cmake), and shared/ is
        # read-only: use a copy. The copy there already has the type-table rows llama.cpp
        # settled (Q2_K, IQ1_S, IQ4_NL; its README), which r2 had to fix here.
        cp -r "$src" "$work/gguflib"
        chmod -R u+w "$work/gguflib"
        cmake_args="$cmake_args -DFETCHCONTENT_SOURCE_DIR_GGUFLIB=$work/gguflib"
    fi
    cflags=${CFLAGS:-}
    cxxflags=${CXXFLAGS:-}
    if [ "$LEVEL" = x86-64-v3 ]; then
        # Through CFLAGS/CXXFLAGS, which CMake reads into CMAKE_C_FLAGS/CMAKE_CXX_FLAGS when
        # it configures a fresh build tree (pip's is always fresh): mlx's CMakeBuild splits
        # CMAKE_ARGS at every space, so a quoted "-march=... -mtune=..." cannot go there.
        # mlx-kquant's CMakeLists sets no -march of its own, only per-file options.
        cflags="$cflags -march=x86-64-v3 -mtune=generic"
        cxxflags="$cxxflags -march=x86-64-v3 -mtune=generic"
    fi
    echo "Building mlx-kquant $VERSION ($LEVEL) for the CPU backend (several minutes, once per machine)..."
    PATH="$venv_bin:$PATH" CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
        CMAKE_ARGS="$cmake_args" CFLAGS="$cflags" CXXFLAGS="$cxxflags" \
        "$PY" -m pip wheel --quiet --no-deps --no-build-isolation --no-cache-dir \
        -w "$work/wheel" "mlx-kquant==$VERSION"
    mkdir -p "$cache"
    cp "$work"/wheel/mlx_kquant-*.whl "$cache"/
fi
"$PY" -m pip install --quiet --no-deps --force-reinstall "$cache"/mlx_kquant-*.whl
rm -f "$(dirname "$PY")"/../.kquant-*
touch "$(dirname "$PY")/../.kquant-$TAG"
