#!/usr/bin/env bash
# The offline sentiment estimate next to its anchor on the same public labelled sentences:
#   tests/bench/triage/sentiment-eval.sh [BUILD_DIR]
# Data and anchor come from the npm registry: the package `sentiment` 5.0.2 (AFINN-165 word scores, MIT) ships
# the UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015: 1,000 Amazon, IMDb and Yelp sentences
# each, half positive) in test/fixtures, and scores them in test/benchmark/validate.js (positive when its
# comparative score >= 0). We run that script with node as the anchor, then eval_sentiment on the same files.
set -euo pipefail
BUILD="${1:-build-ci}"
EVAL="$BUILD/tests/bench/triage/eval_sentiment"
[ -x "$EVAL" ] || { echo "build eval_sentiment first: cmake --build $BUILD --target eval_sentiment" >&2; exit 2; }
command -v npm >/dev/null && command -v node >/dev/null || { echo "needs npm and node (Debian: npm)" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent sentiment@5.0.2 >/dev/null && tar xzf sentiment-5.0.2.tgz)
FIX="$WORK/package/test/fixtures"
echo "== anchor: the npm package sentiment 5.0.2 (AFINN-165), its own validate.js =="
(cd "$WORK/package" && node test/benchmark/validate.js)
echo "== CX Pilot: triage::analyzeSentiment (VADER rules, offline) =="
"$EVAL" "$FIX/amazon.json" "$FIX/imdb.json" "$FIX/yelp.json"
