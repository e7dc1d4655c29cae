#!/usr/bin/env bash
# okrbook on very large inputs: does each build finish without a panic, and
# does its time grow in proportion to the input?
#
# usage: bench/sizes.sh            (a Markdown table on stdout, progress on stderr)
#
# Six handbooks, each generated at two or three sizes, each twice the one before:
#   body      one objective whose Markdown body is 10 / 20 MB, with raw HTML
#             in every block (so all of it goes through the sanitizer)
#   markdown  the same without raw HTML (the sanitizer is skipped)
#   checkins  one key result with 5,000 / 10,000 check-ins, each on its own day
#   cascade   a chain of 12 / 25 / 50 objectives, each supporting the one above,
#             in a chain of as many teams (50 levels is the most okrbook allows;
#             CASCADE="12 25 50" sets the sizes)
#   files     2,500 / 5,000 objective files in one folder
#   path      one objective 100 / 200 characters deep (`d/d/d/…/o.md`)
#
# Each build is timed RUNS times (median): wall time, and CPU time (user and
# system, all threads), which a busy shared machine disturbs less. The fixed
# cost of a build (an almost empty handbook) is measured too and subtracted;
# for each size the script prints how much the CPU time, the input and the
# output (bytes written) grew against the size before. Linear work grows as fast as the larger of
# input and output; quadratic work twice as fast. The script fails (exit
# status 1) when a build fails or panics, or when the time grew more than
# MAX_RATIO/2 times as fast as input or output, for a size whose previous
# size took at least MIN_SECONDS beyond the fixed cost (shorter times are
# too noisy to judge). Output can grow faster than input by design: every
# objective page of a cascade shows its whole chain to the top, so a chain
# of n levels writes about n² links.
#
# Environment (all optional):
#   RUNS=3            timed builds per size
#   MAX_RATIO=3       time may grow up to MAX_RATIO/2 times as fast as input or output
#   MIN_SECONDS=0.15  below this (beyond the fixed cost) a ratio is only noise
#   CASES="body checkins cascade files path"
#   WORK=DIR          where handbooks and sites go (default: a temporary
#                     folder, removed at the end unless KEEP=1)
set -euo pipefail

cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN="$(pwd)/target/release/okrbook"

RUNS=${RUNS:-3}
MAX_RATIO=${MAX_RATIO:-3}
MIN_SECONDS=${MIN_SECONDS:-0.15}
CASES=${CASES:-"body markdown checkins cascade files path"}
if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d -t okrbook-sizes-XXXXXX)
    if [ "${KEEP:-0}" != 1 ]; then
        trap 'rm -rf "$WORK"' EXIT
    fi
fi

python3 - "$BIN" "$WORK" "$RUNS" "$MAX_RATIO" "$MIN_SECONDS" "$CASES" <<'PY'
import datetime, os, shutil, statistics, subprocess, sys, time

BIN, WORK, RUNS, MAX_RATIO, MIN_SECONDS, CASES = sys.argv[1:]
RUNS, MAX_RATIO, MIN_SECONDS = int(RUNS), float(MAX_RATIO), float(MIN_SECONDS)
CASES = CASES.split()
AS_OF = "2026-11-21"

def log(text):
    print(f"== {text}", file=sys.stderr, flush=True)

def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def handbook(name):
    root = os.path.join(WORK, name)
    shutil.rmtree(root, ignore_errors=True)
    write(root, "book.toml", '[book]\ntitle = "Sizes"\n\n[okr]\ncurrent-period = "2026-Q4"\n')
    write(root, "content/teams/org.md", "---\ntype: team\nname: Org\nlead: Ana Lima\n---\nThe organization.\n")
    return root

def objective(title, period="2026-Q4", team="org", parent=None, checkins=None, extra_kr=True):
    lines = ["---", f"title: {title}", f"period: {period}", f"team: {team}", "owner: Ana Lima"]
    if parent:
        lines.append(f"parent: {parent}")
    lines += ["key_results:", "  - title: Weekly active teams, in percent", "    owner: Kim Park",
              "    unit: '%'", "    baseline: 10", "    target: 90"]
    if checkins:
        lines.append("    checkins:")
        lines += checkins
    if extra_kr:
        lines += ["  - title: Support tickets per week", "    kind: guardrail", "    owner: Kim Park",
                  "    baseline: 40", "    target: 50", "    direction: at_most"]
    lines.append("---")
    return "\n".join(lines) + "\n"

BLOCK = """## Section {n}

Why this matters: customers wait less, and [the guide](../guides/how.md#top)
explains the *measure*. See also [another page](other-{n}.md) and
<https://example.com/{n}>. Some `inline code` and **bold** text, with a
footnote[^n{n}].

- first point, with a [link](x.md)
- second point <span class="x" onclick="alert(1)">with raw HTML</span>
- [x] a task that is done

| week | value |
|:-----|------:|
| 1    | {n}   |

[^n{n}]: The footnote of section {n}.

"""

def gen_body(megabytes, raw_html=True):
    root = handbook(f"body-{megabytes}-{raw_html}")
    target = megabytes * 1024 * 1024
    parts, size, n = [], 0, 0
    while size < target:
        block = BLOCK.format(n=n)
        if not raw_html:
            block = block.replace(' <span class="x" onclick="alert(1)">with raw HTML</span>', " without raw HTML")
        parts.append(block)
        size += len(block)
        n += 1
    write(root, "content/org/2026-Q4/big.md", objective("A very long body") + "".join(parts))
    return root, f"{megabytes} MB body" + ("" if raw_html else ", no raw HTML")

def gen_checkins(count):
    root = handbook(f"checkins-{count}")
    start = datetime.date(1999, 6, 1)
    lines = []
    for i in range(count):
        day = start + datetime.timedelta(days=i)
        lines += [f"      - date: {day.isoformat()}", f"        value: {10 + (i % 80)}",
                  "        confidence: 0.6", f"        note: Check-in number {i}."]
    write(root, "content/org/2026/many.md", objective("Many check-ins", period="2026", checkins=lines))
    return root, f"{count:,} check-ins"

def gen_cascade(depth):
    root = handbook(f"cascade-{depth}")
    parent = None
    for level in range(depth):
        team = f"t{level}"
        team_parent = f"\nparent: t{level - 1}" if level else ""
        write(root, f"content/teams/{team}.md", f"---\ntype: team\nname: Team {level}{team_parent}\nlead: Lead {level}\n---\n")
        write(root, f"content/{team}/2026-Q4/goal.md",
              objective(f"Goal at level {level}", team=team, parent=parent))
        parent = f"{team}/2026-Q4/goal"
    return root, f"{depth} levels"

def gen_files(count):
    root = handbook(f"files-{count}")
    for i in range(count):
        write(root, f"content/org/2026-Q4/objective-{i:05}.md", objective(f"Objective number {i}"))
    return root, f"{count:,} files"

def gen_path(chars):
    root = handbook(f"path-{chars}")
    depth = (chars - len("o.md")) // 2
    rel = "d/" * depth + "o.md"
    write(root, "content/" + rel, objective("Deep down", team="org"))
    return root, f"path of {len(rel)} characters"

def gen_empty(_):
    root = handbook("empty")
    write(root, "content/org/2026-Q4/one.md", objective("One objective"))
    return root, "fixed cost"

CASE_SIZES = {
    "body": (gen_body, [10, 20]),
    "markdown": (lambda mb: gen_body(mb, raw_html=False), [10, 20]),
    "checkins": (gen_checkins, [5000, 10000]),
    "cascade": (gen_cascade, [int(n) for n in os.environ.get("CASCADE", "12 25 50").split()]),
    "files": (gen_files, [2500, 5000]),
    "path": (gen_path, [100, 200]),
}

def timed_build(root):
    """Median wall time and CPU time (user + system, all threads), peak memory, files and bytes written."""
    dest = os.path.join(WORK, "site")
    times, cpus, peak = [], [], 0
    for _ in range(RUNS):
        shutil.rmtree(dest, ignore_errors=True)
        start = time.perf_counter()
        run = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", BIN, "build", root, "--dest-dir", dest,
                              "--as-of", AS_OF], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        lines = run.stderr.strip().splitlines()
        if run.returncode != 0 or "panicked" in run.stderr:
            print(run.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"bench/sizes.sh: the build of {root} failed (exit {run.returncode})")
        try:
            memory, user, system = lines[-1].split()
            peak = max(peak, int(memory))
            cpus.append(float(user) + float(system))
        except (IndexError, ValueError):
            cpus.append(times[-1])
    files = sum(len(f) for _, _, f in os.walk(dest))
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(dest) for f in fs)
    return statistics.median(times), statistics.median(cpus), peak, files, size

failed = []
root, _ = gen_empty(0)
fixed_wall, fixed, _, _, _ = timed_build(root)
log(f"fixed cost {fixed:.3f} s of CPU")
print(f"Fixed cost of a build (one objective): {fixed_wall * 1000:.0f} ms, {fixed * 1000:.0f} ms of CPU. RUNS={RUNS}, medians.\n")
print("| case | size | build (wall) | CPU beyond fixed cost | CPU ratio | input ratio | output ratio | peak memory | files written | bytes written |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for case in CASES:
    generate, sizes = CASE_SIZES[case]
    previous = None
    for size in sizes:
        root, label = generate(size)
        log(f"{case}: {label}")
        seconds, cpu, peak, files, written = timed_build(root)
        work = max(cpu - fixed, 0.0)
        cells = ["", "", ""]
        if previous is not None:
            prev_size, prev_work, prev_written = previous
            growth = size / prev_size
            out_growth = written / max(prev_written, 1)
            time_growth = work / max(prev_work, 1e-9)
            shown = f"{time_growth:.2f}" if prev_work >= MIN_SECONDS else "(too short)"
            cells = [shown, f"{growth:.2f}", f"{out_growth:.2f}"]
            # Linear in what is read and written: time grows no faster than
            # the larger of the two (quadratic would be about twice as fast).
            bound = max(growth, out_growth) * MAX_RATIO / 2
            if prev_work >= MIN_SECONDS and time_growth > bound:
                failed.append(f"{case}: {label} took {time_growth:.2f}× the CPU time of the size before, for {growth:g}× the input and {out_growth:.2f}× the output")
        print(f"| {case} | {label} | {seconds * 1000:,.0f} ms | {work * 1000:,.0f} ms | {cells[0]} | {cells[1]} | {cells[2]} | {peak / 1024:,.0f} MB | {files:,} | {written:,} |", flush=True)
        previous = (size, work, written)
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(root, ignore_errors=True)
if failed:
    for line in failed:
        print(f"bench/sizes.sh: not proportional: {line}", file=sys.stderr)
    sys.exit(1)
print(f"\nRatios are against the size before, on CPU time (user and system, all threads), which a busy shared machine disturbs less than wall time. A build whose CPU time grew more than {MAX_RATIO / 2:g}× as fast as its input or output (whichever grew more) fails the script. CPU times under {MIN_SECONDS} s beyond the fixed cost are too short to compare.")
PY
