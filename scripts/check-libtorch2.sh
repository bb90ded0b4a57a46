#!/usr/bin/env bash
# Maintainers' check that the native shim still builds and works against libtorch 2.x, not only
# Debian 12's 1.13 that CI uses. Debian 13 (trixie) ships libtorch-dev 2.6, so a trixie root made
# by debootstrap in build/trixie (git-ignored, reused on later runs) gives a real 2.x with no
# download from outside the Debian archive. In that root it builds helpers/native with CMake and
# runs the plain-C smoke test (helpers/native/smoke/smoke.c) through CTest.
#
#   sudo scripts/check-libtorch2.sh            first run: debootstrap + packages (1.3 GB, ~4 min)
#   SUITE=sid scripts/check-libtorch2.sh       another Debian suite (its own root, build/sid)
#   FRESH=1 scripts/check-libtorch2.sh         throw the root away and start again
#
# Needs root (debootstrap, chroot, mount) and Debian's archive; installs debootstrap if missing.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=${SUITE:-trixie}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
target="$repo/build/$suite"
# make: CMake's default generator; --no-install-recommends would otherwise leave it out.
packages=(libtorch-dev cmake g++ gcc make)

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mcheck-libtorch2: %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || fail "needs root for debootstrap, chroot and mount"
  exec sudo --preserve-env=SUITE,DEBIAN_MIRROR,FRESH "$0" "$@"
fi

# Every mount under the root, deepest first. Read from /proc/mounts, not from a list kept by this
# script, so that mounts left behind by an interrupted run are found and removed too.
mounts_under_target() {
  awk -v t="$target" '$2 == t || index($2, t "/") == 1 { print $2 }' /proc/mounts | sort -r
}
unmount_all() {
  local m
  for m in $(mounts_under_target); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
}
# The bind-mounted /dev must be gone before anything under the root is deleted: rm -rf through a
# live bind mount would delete the host's device nodes.
remove_target() {
  unmount_all
  [ -z "$(mounts_under_target)" ] || fail "could not unmount everything under $target; not deleting it"
  rm -rf "$target"
}
trap unmount_all EXIT
# A signal becomes an ordinary exit, so the EXIT trap runs then as well.
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
in_root() { chroot "$target" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

started=$SECONDS
unmount_all
[ "${FRESH:-0}" = 1 ] && { step "FRESH=1: removing $target"; remove_target; }

# ---- 1. the root ----
# debootstrap writes this file only when it finishes, so a root cut off halfway is started over.
if [ ! -f "$target/.debootstrap-complete" ]; then
  if ! command -v debootstrap >/dev/null; then
    step "Installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
  fi
  [ -e /usr/share/debootstrap/scripts/"$suite" ] || fail "this debootstrap does not know '$suite'; upgrade the debootstrap package"
  [ -d "$target" ] && { step "Removing an unfinished root at $target"; remove_target; }
  step "debootstrap $suite into $target (minbase)"
  mkdir -p "$repo/build"
  debootstrap --variant=minbase "$suite" "$target" "$mirror" >"$repo/build/debootstrap-$suite.log" 2>&1 ||
    { tail -30 "$repo/build/debootstrap-$suite.log"; fail "debootstrap failed; full log in build/debootstrap-$suite.log"; }
  date -u +%FT%TZ >"$target/.debootstrap-complete"
else
  step "Reusing the $suite root at $target"
fi

mount -t proc proc "$target/proc"
mount -t sysfs sysfs "$target/sys"
mount --bind /dev "$target/dev"
cp -L /etc/resolv.conf "$target/etc/resolv.conf" 2>/dev/null || true

# ---- 2. libtorch-dev, cmake, compilers ----
missing=()
for p in "${packages[@]}"; do
  in_root dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing in the $suite root: ${missing[*]}"
  apt_log="$repo/build/apt-$suite.log"
  { in_root env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" &&
    in_root apt-get clean; } >"$apt_log" 2>&1 ||
    { tail -30 "$apt_log"; fail "installing packages in the root failed; full log in build/apt-$suite.log"; }
fi
libtorch_pkg=$(in_root dpkg-query -W -f='${Version}' libtorch-dev)
step "libtorch-dev $libtorch_pkg in the $suite root"

# ---- 3. build the shim and the smoke test there ----
# The sources are copied with their timestamps and the build folder outlives the copy, so a
# second run rebuilds only what changed.
step "Copying helpers/native into the root (/src/native)"
rm -rf "$target/src/native"
mkdir -p "$target/src"
tar -C "$repo/helpers" --exclude=native/build -cf - native | tar -C "$target/src" -xf -

step "Configuring and building the shim against libtorch-dev $libtorch_pkg"
build_log="$repo/build/check-libtorch2-$suite.log"
build_ok=no
if in_root cmake -S /src/native -B /build/native -DCMAKE_BUILD_TYPE=Release -DVAETORCH_SMOKE=ON >"$build_log" 2>&1 &&
   in_root cmake --build /build/native -j"$(nproc)" >>"$build_log" 2>&1; then
  build_ok=yes
else
  grep -E 'error|Error' "$build_log" | head -40 || true
fi
torch_found=$(sed -n 's/^-- vaetorch: libtorch \([^ ]*\) from .*/\1/p' "$build_log" | tail -1)

# ---- 4. the C ABI smoke test ----
smoke_ok=no
smoke_line=""
if [ "$build_ok" = yes ]; then
  step "Running the C ABI smoke test (ctest)"
  if in_root ctest --test-dir /build/native --output-on-failure -V >>"$build_log" 2>&1; then smoke_ok=yes; fi
  sed -n 's/^1: //p' "$build_log" | grep -vE '^(Test command|Working Directory|Test timeout)' || true
  smoke_line=$(sed -n 's/^1: \(\(OK\|FAIL\):.*\)/\1/p' "$build_log" | tail -1)
fi

elapsed=$((SECONDS - started))
printf '\n\033[1mlibtorch 2.x check (%s root, %s)\033[0m\n' "$suite" "${target#"$repo"/}"
printf '  libtorch-dev package : %s\n' "$libtorch_pkg"
printf '  libtorch (CMake)     : %s\n' "${torch_found:-not found}"
printf '  shim build           : %s\n' "$([ "$build_ok" = yes ] && echo OK || echo "FAILED (log: ${build_log#"$repo"/})")"
if [ "$build_ok" != yes ]; then smoke_result="not run (the build failed)"
elif [ "$smoke_ok" = yes ]; then smoke_result="$smoke_line"
else smoke_result="FAILED${smoke_line:+ — $smoke_line} (log: ${build_log#"$repo"/})"; fi
printf '  C ABI smoke test     : %s\n' "$smoke_result"
printf '  time                 : %ss\n' "$elapsed"
[ "$build_ok" = yes ] && [ "$smoke_ok" = yes ]
