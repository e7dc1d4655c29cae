#!/usr/bin/env bash
# Installs a released okrbook binary: downloads the archive that
# scripts/package.sh made for this machine and its .sha256, refuses it unless
# the checksum matches, extracts it and puts its folder on the PATH.
#
# Environment:
#   OKRBOOK_VERSION        the version (0.1.0 or v0.1.0); when empty, taken
#                          from the action's ref (OKRBOOK_ACTION_REF)
#   OKRBOOK_DOWNLOAD_BASE  the URL the archives are under (default: the
#                          release v{version} of the action's repository)
#   OKRBOOK_REPOSITORY     owner/name of that repository (set by action.yml)
#   OKRBOOK_TARGET         the target triple (default: from RUNNER_OS and
#                          RUNNER_ARCH, or uname)
#   OKRBOOK_INSTALL_DIR    where to install (default: under RUNNER_TEMP or
#                          TMPDIR)
#   GITHUB_PATH            when set, the binary's folder is appended to it
set -euo pipefail

die() {
  echo "error: $*" >&2
  exit 1
}

# The action's checkout: .../_actions/{owner}/{name}/{ref}. Composite actions
# do not always see github.action_ref and github.action_repository, so these
# are read from the path when missing.
action_path_part() {
  local path="${GITHUB_ACTION_PATH:-}"
  path="${path//\\//}"
  case "$path" in
    */_actions/*/*/*) ;;
    *) return 0 ;;
  esac
  path="${path##*/_actions/}"
  local owner="${path%%/*}"
  path="${path#*/}"
  local name="${path%%/*}"
  local ref="${path#*/}"
  case "$1" in
    repository) printf '%s/%s\n' "$owner" "$name" ;;
    ref) printf '%s\n' "$ref" ;;
  esac
}

version="${OKRBOOK_VERSION:-}"
if [ -z "$version" ]; then
  ref="${OKRBOOK_ACTION_REF:-$(action_path_part ref)}"
  if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]]; then
    version="$ref"
  else
    die "cannot tell which okrbook to install: the action's ref '${ref}' is not a release tag like v0.1.0; set the action's input version (with: version: 0.1.0)"
  fi
fi
version="${version#v}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] || die "not a version: $version"

target="${OKRBOOK_TARGET:-}"
if [ -z "$target" ]; then
  os="${RUNNER_OS:-$(uname -s)}"
  arch="${RUNNER_ARCH:-$(uname -m)}"
  case "$os" in
    Linux) os=linux ;;
    macOS | Darwin) os=macos ;;
    Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) die "no okrbook release for the system $os; install it with cargo install --locked okrbook" ;;
  esac
  case "$arch" in
    X64 | x86_64 | amd64) arch=x86_64 ;;
    ARM64 | aarch64 | arm64) arch=aarch64 ;;
    *) die "no okrbook release for the processor $arch; install it with cargo install --locked okrbook" ;;
  esac
  case "$os-$arch" in
    linux-*) target="$arch-unknown-linux-musl" ;;
    macos-*) target="$arch-apple-darwin" ;;
    windows-x86_64) target="x86_64-pc-windows-msvc" ;;
    *) die "no okrbook release for $os on $arch; install it with cargo install --locked okrbook" ;;
  esac
fi
case "$target" in
  "" | *[!A-Za-z0-9_.-]* | .*) die "not a target triple: $target" ;;
esac
case "$target" in
  *-windows-*) exe=".exe" format="zip" ;;
  *) exe="" format="tar.gz" ;;
esac

base="${OKRBOOK_DOWNLOAD_BASE:-}"
if [ -z "$base" ]; then
  repository="${OKRBOOK_REPOSITORY:-$(action_path_part repository)}"
  [ -n "$repository" ] || die "cannot tell which repository publishes okrbook; set OKRBOOK_DOWNLOAD_BASE to the URL the release archives are under"
  base="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/v$version"
fi
base="${base%/}"

name="okrbook-v$version-$target"
archive="$name.$format"
install_dir="${OKRBOOK_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/okrbook-v$version}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Downloading $base/$archive" >&2
for file in "$archive" "$archive.sha256"; do
  curl --fail --location --retry 3 --silent --show-error \
    --output "$work/$file" "$base/$file" || die "could not download $base/$file"
done

expected="$(awk '{ print tolower($1); exit }' "$work/$archive.sha256")"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "$archive.sha256 holds no SHA-256 checksum"
if command -v sha256sum >/dev/null 2>&1; then
  actual="$(sha256sum "$work/$archive" | awk '{ print $1 }')"
else
  actual="$(shasum -a 256 "$work/$archive" | awk '{ print $1 }')"
fi
if [ "$actual" != "$expected" ]; then
  rm -f "$work/$archive"
  die "the checksum of $archive does not match $archive.sha256 (expected $expected, got $actual): refusing to install it; the download was removed"
fi
echo "Checksum OK: $actual  $archive" >&2

mkdir "$work/extract"
case "$format" in
  tar.gz) tar -xzf "$work/$archive" -C "$work/extract" ;;
  zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$work/$archive" -d "$work/extract"
    elif command -v 7z >/dev/null 2>&1; then
      7z x -bd -o"$work/extract" "$work/$archive" >/dev/null
    else
      die "extracting a .zip needs unzip or 7z"
    fi
    ;;
esac
[ -f "$work/extract/$name/okrbook$exe" ] || die "$archive holds no $name/okrbook$exe"

mkdir -p "$install_dir"
rm -rf "${install_dir:?}/$name"
mv "$work/extract/$name" "$install_dir/"
bin_dir="$(cd "$install_dir/$name" && pwd)"
chmod +x "$bin_dir/okrbook$exe"

if [ -n "${GITHUB_PATH:-}" ]; then
  path_entry="$bin_dir"
  # Git Bash on Windows: the runner reads GITHUB_PATH as Windows paths.
  if [ "$exe" = ".exe" ] && command -v cygpath >/dev/null 2>&1; then
    path_entry="$(cygpath -w "$bin_dir")"
  fi
  printf '%s\n' "$path_entry" >>"$GITHUB_PATH"
  echo "Added $path_entry to the PATH" >&2
else
  echo "Installed okrbook in $bin_dir; add that folder to your PATH" >&2
fi
"$bin_dir/okrbook$exe" --version
