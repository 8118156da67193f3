#!/bin/sh
# MLX's Linux CPU backend on OpenBLAS: builds packaging/openblas_shim.c against the
# scipy-openblas32 wheel (a dependency on Linux) into VENV/lib/orchard/, where
# inference/system.py loads it before MLX. Nothing to do on macOS (MLX uses Accelerate).
# Usage: packaging/build_openblas_shim.sh VENV/bin/python
set -eu
PY=$1
[ "$(uname -s)" = Linux ] || exit 0
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$(dirname "$PY")/.." && pwd)/lib/orchard/libmlx_openblas.so"
libdir="$("$PY" -c 'import scipy_openblas32 as o; print(o.get_lib_dir())')"
lib="$("$PY" -c 'import scipy_openblas32 as o; print(o.get_library())')"
mkdir -p "$(dirname "$out")"
# The run path names the wheel's folder: the shim loads the OpenBLAS it was built against;
# in the Linux bundle (packaging/orchard.spec) the shim sits in lib/orchard/ and OpenBLAS two
# folders up.
${CC:-cc} -O2 -Wall -shared -fPIC -o "$out.tmp" "$here/openblas_shim.c" \
    -L"$libdir" -l"$lib" -Wl,-rpath,"$libdir" -Wl,-rpath,'$ORIGIN/../..'

mv "$out.tmp" "$out"
