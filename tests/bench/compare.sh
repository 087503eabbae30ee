#!/usr/bin/env bash
# Runs every benchmark next to its anchor (the thing a user would pick instead, measured in the same run) and
# prints the README's Benchmarks table: the median of repeated runs with min–max, the ratio to the anchor, the
# goal, the command, and the machine's load before and after. Nothing here asserts a time.
#
#   tests/bench/compare.sh [BUILD_DIR] [--reps N] [--only a,b,...] [--dashboard-rows N] [--dstc9 DIR]
#                          [--synthetic N]
#
# Rows (--only): verify, parse, editdistance, drafting, retrieval, coldstart, dashboard, sandbox.
# retrieval: DSTC9 (12k passages) and a synthetic knowledge base of --synthetic N passages (default 100000; 0
# skips it), each query timed alternately with a plain Xapian BM25 query on the same index, then two threads
# searching at once.
# BUILD_DIR (default build-ci) must hold the bench targets:
#   cmake --build build-ci --target bench_chatwoot bench_editdistance bench_drafting bench_knowledge bench_gui \
#     bench_qualitytracker
# Google Benchmark rows run with --benchmark_repetitions=N and random interleaving, so a product and its anchor
# alternate within one process; the other rows run their executable N times.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$ROOT/build-ci"
REPS=10
ONLY="verify,parse,editdistance,drafting,retrieval,coldstart,dashboard,sandbox"
DASH_ROWS=100000
SYNTHETIC=100000
DSTC9="$ROOT/../shared/datasets/dstc9_track1"
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS="${2:?--reps needs a number}"; shift 2 ;;
    --only) ONLY="${2:?--only needs a list}"; shift 2 ;;
    --dashboard-rows) DASH_ROWS="${2:?--dashboard-rows needs a number}"; shift 2 ;;
    --dstc9) DSTC9="${2:?--dstc9 needs a folder}"; shift 2 ;;
    --synthetic) SYNTHETIC="${2:?--synthetic needs a number}"; shift 2 ;;
    --help|-h) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) BUILD="$(cd "$1" && pwd)"; shift ;;
  esac
done
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --reps must be a positive number, not '$REPS'" >&2; exit 2; }
[[ "$SYNTHETIC" =~ ^[0-9]+$ ]] || { echo "compare.sh: --synthetic must be a number, not '$SYNTHETIC'" >&2; exit 2; }
for row in ${ONLY//,/ }; do
  case "$row" in verify|parse|editdistance|drafting|retrieval|coldstart|dashboard|sandbox) ;;
    *) echo "compare.sh: unknown row '$row' in --only" >&2; exit 2 ;; esac
done
has() { [[ ",$ONLY," == *",$1,"* ]]; }

OUT="$(mktemp -d /tmp/cxpilot-compare.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
export QT_LOGGING_RULES="*.debug=false;cxpilot.*.info=false;cxpilot.*.warning=false"
load() { cut -d' ' -f1 /proc/loadavg; }
need() { [ -x "$BUILD/$1" ] || { echo "compare.sh: $BUILD/$1 is not built" >&2; exit 1; }; }
LOAD_BEFORE="$(load)"

gbench() { # gbench NAME BINARY FILTER: Google Benchmark JSON with every repetition
  need "$2"
  "$BUILD/$2" --benchmark_filter="$3" --benchmark_repetitions="$REPS" \
    --benchmark_enable_random_interleaving=true --benchmark_format=json >"$OUT/$1.json" 2>/dev/null
}
CW_FILTER=""
has verify || has parse && CW_FILTER='BM_VerifyWebhook|BM_HmacSha256Only|BM_ParseMessagesPage100'
has sandbox && CW_FILTER="${CW_FILTER:+$CW_FILTER|}BM_SandboxConversationPage"
[ -n "$CW_FILTER" ] && gbench chatwoot tests/bench/chatwoot/bench_chatwoot "$CW_FILTER"
has editdistance && gbench editdistance tests/bench/review/bench_editdistance '/(product|edlib)$'
has drafting && gbench drafting bench/bench_drafting 'BM_DrafterOverhead50Messages'
if has retrieval; then
  need bench/bench_knowledge
  [ -f "$DSTC9/kb.jsonl" ] || { echo "compare.sh: no DSTC9 knowledge base in $DSTC9 (--dstc9 DIR)" >&2; exit 1; }
  for i in $(seq "$REPS"); do
    "$BUILD/bench/bench_knowledge" --dstc9 "$DSTC9" --synthetic "$SYNTHETIC" --threads 2 \
      >>"$OUT/retrieval.txt" 2>/dev/null
  done
fi
if has coldstart; then
  need tests/bench/gui/bench_gui
  "$BUILD/tests/bench/gui/bench_gui" --only cold --runs "$REPS" --json >"$OUT/coldstart.json" 2>/dev/null
fi
if has dashboard; then
  need tests/bench/metrics/bench_qualitytracker
  bash "$ROOT/tests/bench/metrics/run-bench.sh" "$BUILD" -- --rows "$DASH_ROWS" --runs "$REPS" \
    >"$OUT/dashboard.txt" 2>/dev/null
fi
LOAD_AFTER="$(load)"

python3 - "$OUT" "$REPS" "$LOAD_BEFORE" "$LOAD_AFTER" "$DASH_ROWS" <<'EOF'
import json, os, re, statistics, sys
out, reps, before, after, dash_rows = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = []

def spread(values, unit, scale=1.0):
    v = [x * scale for x in values]
    fmt = (lambda x: f"{x:.3g}") if max(v) < 100 else (lambda x: f"{x:.0f}")
    return statistics.median(v), f"{fmt(statistics.median(v))} {unit} [{fmt(min(v))}–{fmt(max(v))}]"

def gb(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    runs = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3}[b["time_unit"]]  # to µs
        runs.setdefault(b["run_name"], []).append(b["real_time"] * scale)
    return runs

def add(what, product, anchor, goal, command):
    p_med, p_text = product
    if anchor:
        a_name, (a_med, a_text) = anchor
        ratio = f"{p_med / a_med:.2f}×"
        anchor_text = f"{a_name}: {a_text}"
    else:
        ratio, anchor_text = "—", "none"
    rows.append((what, p_text, anchor_text, ratio, goal, command))

cw = gb("chatwoot")
if "BM_VerifyWebhook" in cw:
    add("Verify a signed webhook (HMAC, timestamp, JSON)", spread(cw["BM_VerifyWebhook"], "µs"),
        ("HMAC-SHA256 alone (QMessageAuthenticationCode)", spread(cw["BM_HmacSha256Only"], "µs")),
        "—", "`bench_chatwoot`")
if "BM_ParseMessagesPage100" in cw:
    add("Parse a 100-message Chatwoot page", spread(cw["BM_ParseMessagesPage100"], "ms", 1e-3), None, "—",
        "`bench_chatwoot`")
ed = gb("editdistance")
for case in sorted({k.rsplit("/", 1)[0] for k in ed}):
    product, anchor = ed.get(case + "/product"), ed.get(case + "/edlib")
    if product and anchor and not case.startswith("Wide"):  # Wide: > 256 symbols, edlib counts bytes there
        add(f"Edit distance, {case.replace('/', ', ')}", spread(product, "µs"), ("edlib", spread(anchor, "µs")),
            "≤ 1.5× edlib", "`bench_editdistance`")
dr = gb("drafting")
if "BM_DrafterOverhead50Messages" in dr:
    add("Drafter overhead, 50-message conversation, DSTC9 KB, model excluded",
        spread(dr["BM_DrafterOverhead50Messages"], "ms", 1e-3), None, "p50 ≤ 5 ms", "`bench_drafting`")
path = os.path.join(out, "retrieval.txt")
if os.path.exists(path):
    blocks = re.split(r"^(?=DSTC9 Track 1|Synthetic knowledge base)", open(path).read(), flags=re.M)
    for name, label in (("DSTC9 Track 1", "DSTC9 12k passages"), ("Synthetic knowledge base", None)):
        text = "".join(b for b in blocks if b.startswith(name))
        if not text:
            continue
        if label is None:
            m = re.search(r"Synthetic knowledge base \((\d+) passages", text)
            label = f"synthetic {int(m.group(1)):,} passages"
        num = lambda pattern: [float(x) for x in re.findall(pattern, text)]
        p50, plain50 = num(r"latency ms \(wall\)\s+mean [\d.]+\s+p50 ([\d.]+)"), num(r"plain xapian ms\s+mean [\d.]+\s+p50 ([\d.]+)")
        cpu, plaincpu = num(r"latency ms \(cpu\)\s+mean ([\d.]+)"), num(r"plain xapian ms \(cpu\) mean ([\d.]+)")
        p99two = num(r"2 threads at once ms.*p99 ([\d.]+)")
        if p50 and plain50:
            add(f"Retrieval, {label}, p50 per query (wall)", spread(p50, "ms"),
                ("plain Xapian BM25 query, same index", spread(plain50, "ms")), "≤ 1.3×", "`bench_knowledge`")
        if cpu and plaincpu:
            add(f"Retrieval, {label}, mean thread CPU per query", spread(cpu, "ms"),
                ("plain Xapian BM25 query, same index", spread(plaincpu, "ms")), "≤ 1.3×", "`bench_knowledge`")
        if p99two:
            add(f"Retrieval, {label}, p99 with 2 threads searching at once", spread(p99two, "ms"), None,
                "p99 ≤ 10 ms at 100k", "`bench_knowledge --threads 2`")
        r5 = re.findall(r"recall@5\s+product ([\d.]+)\s+plain ([\d.]+)", text)
        if r5:
            rows.append((f"Retrieval, {label}, recall@5 (not a time)", r5[0][0], f"plain Xapian BM25: {r5[0][1]}",
                "—", "not below 0.697", "`bench_knowledge`"))
        rate = [float(x) for x in re.findall(r"\(([\d.]+) passages/s\)", text)]
        if rate:
            add(f"Ingest, {label}", spread(rate, "passages/s"), None, "—", "`bench_knowledge`")
page = {k.rsplit("/", 1)[1]: v for k, v in cw.items() if k.startswith("BM_SandboxConversationPage/")}
if "100000" in page and "1000" in page:
    add("Sandbox: one page of 25 conversations over HTTP, 100,000 conversations", spread(page["100000"], "ms", 1e-3),
        ("the same page at 1,000 conversations", spread(page["1000"], "ms", 1e-3)), "≈ 1× (O(page))",
        "`bench_chatwoot`")
path = os.path.join(out, "coldstart.json")
if os.path.exists(path):
    cold = [r["spawnToFirstFrameMs"] / 1e3 for r in json.load(open(path))["coldStart"] if r.get("ok")]
    if cold:
        add("Cold start to first painted window (demo, offscreen)", spread(cold, "s"), None, "≤ 0.15 s median",
            "`bench_gui --only cold`")
path = os.path.join(out, "dashboard.txt")
if os.path.exists(path):
    for db, block in re.findall(r"^== (.+?) ==\n(.*?)(?=\n== |\Z)", open(path).read(), re.S | re.M):
        base = [float(x) for x in re.findall(r"hand-written aggregate: ([\d.]+) ms", block)]
        dash = [float(x) for x in re.findall(r"dashboard metrics:\s+([\d.]+) ms", block)]
        if base and dash:
            add(f"Dashboard figures, {int(dash_rows):,} signals, {db.split()[0]}", spread(dash, "ms"),
                ("one plain aggregate", spread(base, "ms")), "≤ 1.3×", "`tests/bench/metrics/run-bench.sh`")

print(f"Repetitions: {reps}; load average before {before}, after {after} ({os.cpu_count()} cores).\n")
print("| what | CX Pilot: median [min–max] | anchor: median [min–max] | ratio | goal | command |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
EOF
