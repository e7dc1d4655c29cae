#!/usr/bin/env bash
# okrbook's benchmark: full builds, checks and the serve edit latency on
# generated handbooks, and the same Markdown bodies built as plain pages by
# Hugo (and Zola) where they are installed, in the same run.
#
# usage: bench/run.sh > report.md        (progress goes to stderr)
#
# Environment (all optional):
#   SIZES="1000 10000"  objectives per generated handbook
#   RUNS=3              timed runs of every command; medians are reported
#   SEED=42             the generator's seed
#   SERVE_SIZES=1000    sizes (of SIZES) whose serve edit latency is measured;
#                       SERVE_SIZES="" skips it
#   SERVE_ROUNDS=7      edits per serve measurement (bench/serve_edit.py)
#   PEERS="hugo zola"   peers to try when on PATH; PEERS="" skips them
#   WAIT_IDLE=0         before each measurement, wait up to this many seconds
#                       for the machine to be idle (< 25% of CPU busy)
#   WORK=DIR            where handbooks and sites go; default a new temporary
#                       folder, removed at the end unless KEEP=1
#
# Needs cargo, python3 and GNU time at /usr/bin/time (Debian: apt-get install
# -y time). Uses hyperfine for the wall times when installed (Debian package
# hyperfine; HYPERFINE="" turns it off); otherwise takes the median of the
# runs itself. Quick run:
#   SIZES=1000 RUNS=1 bench/run.sh
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
SERVE_SIZES=${SERVE_SIZES-1000}
SERVE_ROUNDS=${SERVE_ROUNDS:-7}
PEERS=${PEERS-"hugo zola"}
WAIT_IDLE=${WAIT_IDLE:-0}
AS_OF=2026-11-21

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, not '$RUNS'"
for n in $SIZES; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive numbers, not '$n'"
done
if ! /usr/bin/time --version >/dev/null 2>&1; then
    die "GNU time is needed at /usr/bin/time (Debian: apt-get install -y time)"
fi
command -v python3 >/dev/null || die "python3 is needed"
command -v cargo >/dev/null || die "cargo is needed"
HYPERFINE=${HYPERFINE-$(command -v hyperfine || true)}

if [[ -n ${WORK:-} ]]; then
    mkdir -p "$WORK"
else
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/okrbook-bench.XXXXXX")
    if [[ ${KEEP:-0} != 1 ]]; then
        trap 'rm -rf -- "$WORK"' EXIT
    fi
fi
log "working in $WORK"
mkdir -p "$WORK/bin" "$WORK/logs"

# --- build, then freeze the binaries so a rebuild elsewhere cannot change them mid-run
log "cargo build --release"
cargo build --release --locked --bin okrbook >&2
cargo build --release --locked --example generate >&2
TARGET=$(cargo metadata --format-version 1 --no-deps 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cp "$TARGET/release/okrbook" "$WORK/bin/okrbook"
cp "$TARGET/release/examples/generate" "$WORK/bin/generate"
OKRBOOK=$WORK/bin/okrbook
REVISION=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$REPO" status --porcelain -- src themes Cargo.toml Cargo.lock 2>/dev/null) ]]; then
    REVISION="$REVISION with uncommitted changes to src/"
fi

# --- helpers -----------------------------------------------------------------

quote() { printf '%q ' "$@"; }

# Percent of CPU time busy over one second, from /proc/stat.
busy_percent() {
    local _ a b c d e f g h total1 idle1 total2 idle2
    read -r _ a b c d e f g h _ </proc/stat
    total1=$((a + b + c + d + e + f + g + h)) idle1=$((d + e))
    sleep 1
    read -r _ a b c d e f g h _ </proc/stat
    total2=$((a + b + c + d + e + f + g + h)) idle2=$((d + e))
    echo $((100 * ((total2 - total1) - (idle2 - idle1)) / (total2 - total1 + 1)))
}

wait_idle() {
    ((WAIT_IDLE > 0)) || return 0
    local waited=0 busy
    while ((waited < WAIT_IDLE)); do
        busy=$(busy_percent)
        ((busy < 25)) && return 0
        waited=$((waited + 1))
    done
    log "the machine stayed busy (${busy}% of CPU) for ${WAIT_IDLE} s; measuring anyway"
}

# Busy CPU time of the whole machine since boot, in seconds (from /proc/stat).
busy_seconds() {
    local _ a b c d e f g h
    read -r _ a b c d e f g h _ </proc/stat
    awk -v j=$((a + b + c + f + g + h)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", j / hz }'
}

now() { date +%s.%N; }

# measure KEY PREPARE COMMAND...: one untimed run that must succeed, then RUNS
# timed runs, each preceded by PREPARE (a shell command, not timed). Sets
# WALL[KEY] (s), CPU[KEY] (user+sys, s), RSS[KEY] (peak, KiB) to the medians,
# RAW[KEY] to every run's wall time and OTHERS[KEY] to how many cores the rest
# of the machine (and the harness: preparation, hyperfine) kept busy meanwhile,
# a sign of a noisy measurement.
declare -A WALL CPU RSS RAW OTHERS
measure() {
    local key=$1 prepare=$2
    shift 2
    local timelog="$WORK/logs/$key.time" out="$WORK/logs/$key.out" json=""
    : >"$timelog"
    log "$key: $*"
    bash -c "$prepare"
    "$@" >"$out" 2>&1 || die "$key failed; see the output below
$(tail -20 "$out")"
    wait_idle
    local busy_before start
    busy_before=$(busy_seconds) start=$(now)
    if [[ -n $HYPERFINE ]]; then
        json="$WORK/logs/$key.json"
        "$HYPERFINE" --runs "$RUNS" --warmup 0 --style basic --prepare "$prepare" \
            --export-json "$json" --command-name "$key" \
            "/usr/bin/time -f '%e %U %S %M' -a -o $(quote "$timelog")$(quote "$@")" >&2
    else
        local run
        for ((run = 1; run <= RUNS; run++)); do
            bash -c "$prepare"
            /usr/bin/time -f '%e %U %S %M' -a -o "$timelog" "$@" >"$out" 2>&1 \
                || die "$key failed on run $run"
        done
    fi
    local busy_after end medians
    busy_after=$(busy_seconds) end=$(now)
    medians=$(python3 - "$timelog" "$json" "$busy_before" "$busy_after" "$start" "$end" "$(nproc)" <<'EOF'
import json, statistics, sys
rows = []
for line in open(sys.argv[1]):
    fields = line.split()
    if len(fields) == 4:
        try:
            rows.append([float(x) for x in fields])
        except ValueError:
            pass
if not rows:
    raise SystemExit("no timings recorded")
walls = [r[0] for r in rows]
wall = statistics.median(walls)
if sys.argv[2]:
    result = json.load(open(sys.argv[2]))["results"][0]
    walls = result["times"]
    wall = result["median"]
cpu = statistics.median(r[1] + r[2] for r in rows)
rss = statistics.median(r[3] for r in rows)
# CPU the rest of the machine used meanwhile, in cores: all busy time minus
# the measured command's own, over the time the runs took. Roughly: it also
# counts the preparation between runs and hyperfine itself, and over a short
# measurement the kernel's tick accounting makes it noisy: read it as a hint.
elapsed = float(sys.argv[6]) - float(sys.argv[5])
others = (float(sys.argv[4]) - float(sys.argv[3]) - sum(r[1] + r[2] for r in rows)) / elapsed
print(f"{wall:.4f} {cpu:.4f} {rss:.0f} " + ",".join(f"{w:.2f}" for w in walls) + f" {min(max(others, 0), float(sys.argv[7])):.1f}")
EOF
    )
    local wall cpu rss raw others
    read -r wall cpu rss raw others <<<"$medians"
    WALL[$key]=$wall CPU[$key]=$cpu RSS[$key]=$rss RAW[$key]=$raw OTHERS[$key]=$others
}

html_count() { if [[ -d $1 ]]; then find "$1" -name '*.html' -type f | wc -l; else echo 0; fi; }
seconds() { awk -v x="$1" 'BEGIN { printf (x < 10 ? "%.2f s" : "%.1f s"), x }'; }
mib() { awk -v x="$1" 'BEGIN { printf "%.0f MiB", x / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
thousands() { printf '%d' "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }

# --- peers -------------------------------------------------------------------

ACTIVE_PEERS=()
for peer in $PEERS; do
    if command -v "$peer" >/dev/null; then
        ACTIVE_PEERS+=("$peer")
    else
        log "$peer is not on PATH; skipped"
    fi
done
peer_version() {
    case $1 in
        hugo) hugo version 2>/dev/null | awk '{print $1, $2}' ;;
        zola) zola --version 2>/dev/null ;;
    esac
}
peer_command() { # peer site out: sets PEER_COMMAND
    case $1 in
        hugo) PEER_COMMAND=(hugo --source "$2" --destination "$3" --quiet) ;;
        zola) PEER_COMMAND=(zola --root "$2" build --output-dir "$3") ;;
    esac
}

# --- the runs ----------------------------------------------------------------

declare -A FILES PAGES PEER_PAGES SERVE
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $SIZES; do
    handbook="$WORK/h$n"
    log "generating $n objectives (seed $SEED)"
    "$WORK/bin/generate" "$n" "$handbook" "$SEED" 2>&1 | sed 's/^/   /' >&2

    dest="$WORK/out-okrbook-$n"
    measure "build-$n" "rm -rf -- $(quote "$dest")" \
        "$OKRBOOK" build "$handbook" --dest-dir "$dest" --as-of "$AS_OF"
    FILES[$n]=$(find "$dest" -type f | wc -l)
    PAGES[$n]=$(html_count "$dest")

    measure "check-$n" "true" "$OKRBOOK" check "$handbook" --as-of "$AS_OF"

    for peer in "${ACTIVE_PEERS[@]}"; do
        site="$WORK/site-$peer-$n" out="$WORK/out-$peer-$n"
        sources=$(python3 "$REPO/bench/plain_site.py" "$peer" "$handbook" "$site")
        peer_command "$peer" "$site" "$out"
        measure "$peer-$n" "rm -rf -- $(quote "$out")" "${PEER_COMMAND[@]}"
        pages=$(html_count "$out")
        if ((pages < sources)); then
            log "$peer wrote $pages HTML files for $sources pages; its time is not reported"
            unset "WALL[$peer-$n]"
        fi
        PEER_PAGES[$peer-$n]=$pages
        rm -rf -- "$out" "$site"
    done

    if [[ " $SERVE_SIZES " == *" $n "* ]]; then
        log "serve edit latency, $SERVE_ROUNDS edits"
        wait_idle
        serve_out=$(python3 "$REPO/bench/serve_edit.py" "$OKRBOOK" "$handbook" "$SERVE_ROUNDS")
        printf '%s\n' "$serve_out" | sed 's/^/   /' >&2
        SERVE[$n]=$(printf '%s\n' "$serve_out" | sed -n 's/^median \([0-9]*\) ms.*/\1/p')
    fi
    rm -rf -- "$dest"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the report --------------------------------------------------------------

CPU_MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
MEMORY=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
# shellcheck disable=SC1091 # the system's own file
OS=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -sr)
RUSTC=$(rustc --version 2>/dev/null | awk '{print $1, $2}')

command_line="SIZES=\"$SIZES\" RUNS=$RUNS"
[[ $SEED != 42 ]] && command_line+=" SEED=$SEED"
[[ $SERVE_SIZES != 1000 ]] && command_line+=" SERVE_SIZES=\"$SERVE_SIZES\""
[[ $SERVE_ROUNDS != 7 ]] && command_line+=" SERVE_ROUNDS=$SERVE_ROUNDS"
[[ $PEERS != "hugo zola" ]] && command_line+=" PEERS=\"$PEERS\""
[[ $WAIT_IDLE != 0 ]] && command_line+=" WAIT_IDLE=$WAIT_IDLE"
command_line+=" bench/run.sh"

echo "### $(date -u +%F): okrbook $REVISION"
echo
echo '```sh'
echo "$command_line"
echo '```'
echo
echo "Machine: $(nproc) cores ($CPU_MODEL), $MEMORY memory, $OS, $RUSTC;"
echo "load average $LOAD_START at the start, $LOAD_END at the end."
timing="median of $RUNS run(s)"
[[ -n $HYPERFINE ]] && timing+="; wall times by $(hyperfine --version), CPU and peak memory by GNU time"
[[ -z $HYPERFINE ]] && timing+=" by GNU time"
echo "Timing: $timing; as of $AS_OF, seed $SEED."
for peer in "${ACTIVE_PEERS[@]}"; do
    echo "Peer: $(peer_version "$peer"), the same Markdown bodies as plain pages (bench/plain_site.py)."
done
echo

header="| objectives | build wall | build CPU (user+sys) | build peak memory | check wall | serve edit |"
rule="| ---: | ---: | ---: | ---: | ---: | ---: |"
for peer in "${ACTIVE_PEERS[@]}"; do
    header+=" $peer wall | okrbook/$peer wall | okrbook/$peer CPU |"
    rule+=" ---: | ---: | ---: |"
done
echo "$header"
echo "$rule"
for n in $SIZES; do
    row="| $(thousands "$n") | $(seconds "${WALL[build-$n]}") | $(seconds "${CPU[build-$n]}") | $(mib "${RSS[build-$n]}") | $(seconds "${WALL[check-$n]}") |"
    if [[ -n ${SERVE[$n]:-} ]]; then row+=" ${SERVE[$n]} ms |"; else row+=" |"; fi
    for peer in "${ACTIVE_PEERS[@]}"; do
        if [[ -n ${WALL[$peer-$n]:-} ]]; then
            row+=" $(seconds "${WALL[$peer-$n]}") | $(ratio "${WALL[build-$n]}" "${WALL[$peer-$n]}") | $(ratio "${CPU[build-$n]}" "${CPU[$peer-$n]}") |"
        else
            row+=" failed | | |"
        fi
    done
    echo "$row"
done
echo

read -r -a sizes <<<"$SIZES"
if ((${#sizes[@]} > 1)); then
    small=${sizes[0]} large=${sizes[${#sizes[@]} - 1]}
    echo "Growth from $(thousands "$small") to $(thousands "$large") objectives ($(ratio "$large" "$small")× the objectives):"
    echo "build wall $(ratio "${WALL[build-$large]}" "${WALL[build-$small]}")×," \
        "build CPU $(ratio "${CPU[build-$large]}" "${CPU[build-$small]}")×," \
        "check wall $(ratio "${WALL[check-$large]}" "${WALL[check-$small]}")×."
    for peer in "${ACTIVE_PEERS[@]}"; do
        if [[ -n ${WALL[$peer-$large]:-} && -n ${WALL[$peer-$small]:-} ]]; then
            echo "$peer wall $(ratio "${WALL[$peer-$large]}" "${WALL[$peer-$small]}")×."
        fi
    done
    echo
fi

echo "Details: every run's wall time in seconds; files written; \"others\" is how many"
echo "cores the rest of the machine kept busy during the runs (0 on a quiet machine;"
echo "up to $(nproc) means the figures are inflated by contention)."
echo
for n in $SIZES; do
    echo "- $(thousands "$n") objectives: okrbook build ${RAW[build-$n]} s, others ${OTHERS[build-$n]}," \
        "${FILES[$n]} files (${PAGES[$n]} HTML); check ${RAW[check-$n]} s, others ${OTHERS[check-$n]}," \
        "$(mib "${RSS[check-$n]}") peak"
    for peer in "${ACTIVE_PEERS[@]}"; do
        if [[ -n ${RAW[$peer-$n]:-} ]]; then
            verdict=""
            [[ -z ${WALL[$peer-$n]:-} ]] && verdict=" (too few: not reported)"
            echo "  - $peer: ${RAW[$peer-$n]} s, others ${OTHERS[$peer-$n]}, CPU $(seconds "${CPU[$peer-$n]}")," \
                "$(mib "${RSS[$peer-$n]}") peak, ${PEER_PAGES[$peer-$n]} HTML files$verdict"
        fi
    done
done
