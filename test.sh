#!/usr/bin/env bash
# The test command: set up (idempotent), then run the whole xunit suite against real libtorch,
# real MNIST and a real browser. Extra arguments go to `dotnet test` (e.g. --filter Torch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./setup.sh
exec dotnet test Vae.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"
