#!/usr/bin/env bash
# The workbook command: set up (idempotent), then run every notebook headless with the
# lecture's defaults and write the HTML report to out/ (or the folder given as $1).
# Extra arguments go to `vae notebooks run` (e.g. --epochs 3, --device cuda).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
./setup.sh
out="${1:-out}"
[ $# -gt 0 ] && shift
start=$SECONDS
./vae notebooks run notebooks/*.dib --out "$out" "$@"
echo "Workbook done in $((SECONDS - start)) s. Open $(cd "$out" && pwd)/index.html in a browser."
