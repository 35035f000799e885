#!/usr/bin/env bash
# The release check (`make release-check`, and CI): build the sdist and the wheel, check them,
# install the wheel with pipx into a fresh environment outside the source tree, and use it there
# as a person would: --version, the demo, a check-in on a new database, doctor, and an upgrade
# of a database the previous release made. Prints the wheel's size.
#
#   scripts/release_check.sh [PYTHON]     PYTHON: an interpreter with the `release` extra
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
python=${1:-.venv/bin/python}
bin=$(dirname "$python")
work=$(mktemp -d "${TMPDIR:-/tmp}/polymath-release-XXXXXX")
trap 'rm -rf "$work"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'release check FAILED: %s\n' "$*" >&2; exit 1; }

version=$("$python" -c 'import polymath; print(polymath.__version__)')

step "build the sdist and the wheel (polymath $version)"
rm -rf dist
"$python" -m build --sdist --wheel --outdir dist . >"$work/build.log" 2>&1 || {
  cat "$work/build.log"; fail "the build failed"; }
wheel=$(ls dist/polymath-"$version"-py3-none-any.whl)
sdist=$(ls dist/polymath-"$version".tar.gz)
ls -l dist

step "check them"
"$bin/twine" check --strict "$wheel" "$sdist"
"$bin/check-wheel-contents" "$wheel"
in_wheel=$(unzip -Z1 "$wheel")
in_sdist=$(tar -tzf "$sdist")
for name in LICENSE NOTICE; do
  grep -qx "polymath-$version.dist-info/licenses/$name" <<<"$in_wheel" ||
    fail "$name is not in the wheel"
  grep -qx "polymath-$version/$name" <<<"$in_sdist" || fail "$name is not in the sdist"
done
for shipped in polymath/migrations/env.py polymath/sample_data/demo.json polymath/py.typed; do
  grep -qx "$shipped" <<<"$in_wheel" || fail "$shipped is not in the wheel"
done
grep -qx "polymath-$version.data/data/share/man/man1/polymath.1" <<<"$in_wheel" ||
  fail "the man page is not in the wheel"
if grep -q "data/raw" <<<"$in_wheel"; then fail "the raw ESCO/O*NET packages are in the wheel"; fi

step "install the wheel with pipx, outside the source tree"
export PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/bin" PIPX_MAN_DIR="$work/man"
"$bin/pipx" install --python "$(command -v python3)" "$root/$wheel" >"$work/pipx.log" 2>&1 || {
  cat "$work/pipx.log"; fail "pipx install failed"; }
polymath="$work/bin/polymath"
[ -e "$work/man/man1/polymath.1" ] || fail "pipx did not install the man page"
cd "$work"
unset POLYMATH_DB POLYMATH_CONFIG POLYMATH_TIMEZONE
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"

step "polymath --version"
shown=$("$polymath" --version)
echo "$shown"
[ "$shown" = "polymath $version" ] || fail "--version says '$shown', the package is $version"
"$polymath" about | grep -q "polymath $version" || fail "about does not show $version"

step "polymath demo --print"
"$polymath" demo --print | head -n 12

step "a check-in on a new database, then doctor"
export POLYMATH_DB="$work/new/polymath.db"
mkdir -p "$work/new"
"$polymath" log 30m "Jazz piano" --kind experiment --create
"$polymath" status
"$polymath" doctor

step "an upgrade of a database the previous release made"
export POLYMATH_DB="$work/old/polymath.db"
mkdir -p "$work/old"
cp "$root/tests/data/releases/polymath-0.1.0.db" "$POLYMATH_DB"
"$polymath" doctor | grep "^schema"
"$polymath" review --week 2026-W48 | head -n 3
"$polymath" doctor | grep -E "^(schema|integrity|backups)"
compgen -G "$work/old/backups/polymath.before-migration.*.db" >/dev/null ||
  fail "the upgrade left no backup"

step "sizes"
du -h "$root/$wheel" "$root/$sdist"
echo "release check passed: polymath $version"
