#!/usr/bin/env bash
# Compiles the CUDA kernels under src/main/cuda to PTX resources (compute_80: any Ampere or newer GPU
# loads them; the driver compiles them for its device at load time). Run after editing a .cu file and
# commit the PTX: the backend never compiles at run time, and PtxUpToDateTest fails while the
# committed PTX differs from what nvcc makes of the sources.
#
#   backend-cuda/build-ptx.sh [output-dir]     (default: src/main/resources/org/sampleattention/cuda)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/src/main/resources/org/sampleattention/cuda}
NVCC=${NVCC:-nvcc}
mkdir -p "$out"
for src in "$here"/src/main/cuda/*.cu; do
  name=$(basename "$src" .cu)
  arch=compute_80  # any Ampere or newer GPU
  case $name in *_sm90a) arch=compute_90a ;; esac  # wgmma: Hopper (compute capability 9.0) only
  "$NVCC" -ptx -arch=$arch -O3 -std=c++17 -I "$here/src/main/cuda" "$src" -o "$out/$name.ptx"
done
