#!/usr/bin/env bash
# Makes the release archive of okrbook for one target triple:
#   okrbook-v{version}-{target}.tar.gz (.zip for *-windows-*), holding the
#   folder okrbook-v{version}-{target}/ with the binary, README.md and any
#   LICENSE files, and next to it {archive}.sha256 in sha256sum format.
# The archive is deterministic where the tools allow: sorted names, owner 0,
# every mtime set to SOURCE_DATE_EPOCH (default: the last commit's time).
# Prints the archive's path on stdout.
set -euo pipefail

usage() {
  echo "usage: scripts/package.sh --target TRIPLE [--binary PATH] [--out DIR]" >&2
  echo "  --binary  a binary already built for TRIPLE (default: cargo build --release --locked --target TRIPLE)" >&2
  echo "  --out     where to write the archive and its checksum (default: dist)" >&2
}

die() {
  echo "error: $*" >&2
  exit 1
}

# Makes a path given relative to the caller's folder absolute.
absolute() {
  case "$1" in
    /* | [A-Za-z]:[/\\]*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

target=""
binary=""
out="dist"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --target | --binary | --out)
      [ "$#" -ge 2 ] || { usage; die "$1 needs a value"; }
      case "$1" in
        --target) target="$2" ;;
        --binary) binary="$2" ;;
        --out) out="$2" ;;
      esac
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage
      die "unknown argument: $1"
      ;;
  esac
done
[ -n "$target" ] || { usage; die "--target is required"; }
case "$target" in
  *[!A-Za-z0-9_.-]*) die "not a target triple: $target" ;;
esac

out="$(absolute "$out")"
if [ -n "$binary" ]; then
  binary="$(absolute "$binary")"
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# The package's version: the first `version = "..."` of [package].
version="$(awk '
  { sub(/\r$/, "") }
  /^\[/ { in_package = ($0 == "[package]") }
  in_package && /^version *= *"/ { sub(/^version *= *"/, ""); sub(/".*$/, ""); print; exit }
' Cargo.toml)"
[ -n "$version" ] || die "no version in the [package] of Cargo.toml"

case "$target" in
  *-windows-*) exe=".exe" format="zip" ;;
  *) exe="" format="tar.gz" ;;
esac

if [ -z "$binary" ]; then
  echo "== cargo build --release --locked --target $target" >&2
  "${CARGO:-cargo}" build --release --locked --target "$target"
  binary="$(absolute "${CARGO_TARGET_DIR:-target}")/$target/release/okrbook$exe"
fi
[ -f "$binary" ] || die "no binary at $binary"

epoch="${SOURCE_DATE_EPOCH:-}"
if [ -z "$epoch" ]; then
  epoch="$(git log -1 --format=%ct 2>/dev/null || true)"
fi
# 1980-01-01, the earliest time a zip file can hold.
epoch="${epoch:-315532800}"
case "$epoch" in
  *[!0-9]*) die "SOURCE_DATE_EPOCH is not a number of seconds: $epoch" ;;
esac
# touch -t takes local time; TZ=UTC makes it the UTC one printed here.
if stamp="$(date -u -d "@$epoch" +%Y%m%d%H%M.%S 2>/dev/null)"; then
  :
else
  stamp="$(date -u -r "$epoch" +%Y%m%d%H%M.%S)"
fi

name="okrbook-v$version-$target"
archive="$name.$format"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/$name"
cp "$binary" "$stage/$name/okrbook$exe"
cp README.md "$stage/$name/"
for license in LICENSE*; do
  if [ -f "$license" ]; then
    cp "$license" "$stage/$name/"
  fi
done
chmod 755 "$stage/$name" "$stage/$name/okrbook$exe"
find "$stage/$name" -type f ! -name "okrbook$exe" -exec chmod 644 {} +
find "$stage/$name" -exec env TZ=UTC touch -t "$stamp" {} +
(cd "$stage" && find "$name" -print | LC_ALL=C sort) >"$stage/files"

mkdir -p "$out"
rm -f "$out/$archive" "$out/$archive.sha256"
echo "== $out/$archive" >&2
case "$format" in
  tar.gz)
    if tar --version 2>/dev/null | grep -q 'GNU tar'; then
      (cd "$stage" && tar --create --no-recursion --format=ustar \
        --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
        --files-from=files --file=-) | gzip -n >"$out/$archive"
    else
      # bsdtar (macOS): no AppleDouble files, owner 0.
      (cd "$stage" && COPYFILE_DISABLE=1 tar -c -n --format ustar \
        --uid 0 --gid 0 --uname root --gname root -T files -f -) |
        gzip -n >"$out/$archive"
    fi
    ;;
  zip)
    if command -v zip >/dev/null 2>&1; then
      (cd "$stage" && zip -X -q "$out/$archive" -@ <files)
    elif command -v 7z >/dev/null 2>&1; then
      (cd "$stage" && 7z a -tzip -bd "$out/$archive" "$name" >/dev/null)
    elif command -v powershell >/dev/null 2>&1; then
      source="$stage/$name"
      destination="$out/$archive"
      if command -v cygpath >/dev/null 2>&1; then
        source="$(cygpath -w "$source")"
        destination="$(cygpath -w "$destination")"
      fi
      # shellcheck disable=SC2016 # PowerShell expands $env:..., not bash.
      OKRBOOK_ZIP_SOURCE="$source" OKRBOOK_ZIP_DESTINATION="$destination" powershell -NoProfile -NonInteractive -Command \
        'Compress-Archive -Path $env:OKRBOOK_ZIP_SOURCE -DestinationPath $env:OKRBOOK_ZIP_DESTINATION'
    else
      die "making a .zip needs zip, 7z or powershell"
    fi
    ;;
esac

if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$archive" >"$archive.sha256")
else
  (cd "$out" && shasum -a 256 "$archive" >"$archive.sha256")
fi
echo "== $out/$archive.sha256: $(cat "$out/$archive.sha256")" >&2
printf '%s\n' "$out/$archive"
