#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each and prints executions and coverage per target.
#   tests/fuzz/run-all.sh SECONDS [JOBS]     (JOBS targets at a time; default 1)
# Build first: cmake --preset fuzz && cmake --build --preset fuzz
# Seeds come from tests/fuzz/corpus/<target> (and the fixtures); what the fuzzer finds goes to
# build/fuzz/corpus/<target>, so the repository's seeds stay small. Crashes land in
# build/fuzz/findings/<target>/ and make the script exit 1. LIQHEAT_FUZZ_DIR overrides build/fuzz.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: run-all.sh SECONDS [JOBS]}
jobs=${2:-1}
build=$(realpath -m "${LIQHEAT_FUZZ_DIR:-build/fuzz}")
bin=$build/tests/fuzz
# LIQHEAT_FUZZ_SEED fixes libFuzzer's random seed, so a CI finding can be replayed: two runs with
# one seed take the same first steps (they part once pointer values from comparisons, which ASLR
# moves, enter libFuzzer's dictionary; measured: after about 1,000 runs of the csv target).
seed=${LIQHEAT_FUZZ_SEED:-0}
reload=1  # re-reading the corpus folder on a timer would make a seeded run depend on timing
[ "$seed" != 0 ] && reload=0
# LIQHEAT_FUZZ_TARGETS (space-separated) runs only those.
read -r -a targets <<<"${LIQHEAT_FUZZ_TARGETS:-snapshot csv csv_merge estimator exchange http cli stream_message archive_zip}"

seeds_of() {
    case $1 in
        snapshot | estimator) echo tests/fixtures/malformed ;;
        csv) echo tests/fixtures/csv ;;
        stream_message) echo tests/fixtures/streams ;;
        *) [ -d "tests/fuzz/corpus/$1" ] && echo "tests/fuzz/corpus/$1" ;;
    esac
}

run_one() {
    local t=$1 work=$build/corpus/$1 findings=$build/findings/$1 log=$build/logs/$1.log
    mkdir -p "$work" "$findings" "$(dirname "$log")"
    # The seed folders, made absolute here: seeds_of names them relative to the repository.
    local seeds=() s
    for s in $(seeds_of "$t"); do seeds+=("$PWD/$s"); done
    # -rss_limit_mb: a parser that needs more than this on a small input is itself a finding.
    # The CLI target's cwd is a scratch directory: validators look at files named in the input.
    (cd "$findings" && "$bin/liqheat_${t}_fuzz" "$work" "${seeds[@]}" \
        -max_total_time="$seconds" -seed="$seed" -reload="$reload" -rss_limit_mb=2048 -max_len=65536 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1)
}

status=0
pids=()
findings=()
for t in "${targets[@]}"; do
    if [ ! -x "$bin/liqheat_${t}_fuzz" ]; then
        echo "run-all: $bin/liqheat_${t}_fuzz missing (cmake --build --preset fuzz)" >&2
        exit 2
    fi
    run_one "$t" &
    pids+=($!)
    if [ "${#pids[@]}" -ge "$jobs" ]; then
        wait "${pids[0]}" || status=1
        pids=("${pids[@]:1}")
    fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done

printf '%-10s %12s %8s %8s %s\n' target execs cov ft result
for t in "${targets[@]}"; do
    log=$build/logs/$t.log
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    if grep -q -E '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|Test unit written' "$log"; then
        result="FINDING (see $log, $build/findings/$t/)"
        status=1
        findings+=("$t")
    else
        result=clean
    fi
    printf '%-10s %12s %8s %8s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
# What was found, where whoever reads only this output (CI) can see it: the report and the input.
for t in "${findings[@]}"; do
    printf '\n-- %s finding:\n' "$t"
    grep -E -A12 '^==[0-9]+==ERROR|^ALARM|deadly signal|^SUMMARY: ' "$build/logs/$t.log" | cut -c1-400 | head -60 || true
done
exit $status
