#!/usr/bin/env bash
# Writes seed inputs for the fuzz targets from the repository's own handbooks
# (the demo under content/ and every fixture under tests/fixtures/) and from
# the regression inputs under tests/fixtures/fuzz/:
#   corpus/load_file/    one Markdown file each
#   corpus/build_small/  book.toml and up to 12 files of one handbook, in the
#                        form harness::build_small reads (parts split at NUL,
#                        each file's path on its first line)
# usage: fuzz/seeds.sh   (from anywhere; existing seeds are kept)
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import hashlib, os

def save(folder, data):
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)

handbooks = [".."] + [os.path.join("../tests/fixtures", d) for d in sorted(os.listdir("../tests/fixtures"))]
count = {"load_file": 0, "build_small": 0}
for root in handbooks:
    book = os.path.join(root, "book.toml")
    src = os.path.join(root, "content")
    if not os.path.isdir(src):
        continue
    files = []
    for folder, _, names in sorted(os.walk(src)):
        for name in sorted(names):
            if name.endswith(".md"):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    data = f.read()
                save("corpus/load_file", data)
                count["load_file"] += 1
                files.append((os.path.relpath(path, src).encode(), data))
    toml = open(book, "rb").read() if os.path.exists(book) else b""
    for start in range(0, len(files), 12):
        parts = [toml] + [rel + b"\n" + data for rel, data in files[start:start + 12]]
        save("corpus/build_small", b"\0".join(parts))
        count["build_small"] += 1
# The regression inputs (tests/fixtures/fuzz/<target>/) are good seeds too:
# they reach what random mutation finds late (deep nesting, alias bombs).
for target in count:
    folder = os.path.join("../tests/fixtures/fuzz", target)
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as f:
            save(os.path.join("corpus", target), f.read())
        count[target] += 1
print(f"seeds: {count['load_file']} for load_file, {count['build_small']} for build_small")
PY
