#!/usr/bin/env bash
# Measures the model options of issue 16 (docs/MODEL.md, section 7) against realized liquidations.
#
# Builds the real-window snapshot as tools/calibrate_defaults.sh does (Binance BTCUSDT 5m candles
# with OI, 30 min realized liquidations, 2026-05-25..06-09) plus Binance's hourly positioning
# metrics (taker buy/sell ratio, account and top-trader long/short ratios), then runs
# `liqheat-cli calibrate` for every variant on four windows: the halves H1 / H2 of docs/MODEL.md
# (choose on H1, report H2) and a second split, the first and last thirds T1 / T3.
#
# Usage (from the project root, after building liqheat-cli):
#   tools/calibrate_options.sh [--cli PATH] [--data DIR]
# Needs bash, jq and awk. Prints one TSV row per variant and window to stdout:
#   variant window rhoL rhoS partialL partialS topL topS baseRhoL baseRhoS baseTopL baseTopS n noise
set -euo pipefail

cli=build/release/app/liqheat-cli
data=../shared/data
while [[ $# -gt 0 ]]; do
    case "$1" in
        --cli) cli=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "calibrate_options.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
command -v jq >/dev/null || { echo "calibrate_options.sh: needs jq (apt-get install jq)" >&2; exit 1; }
candles=$data/binance_btcusdt_perp_5m_2026-05-25_2026-06-22.csv
liquidations=$data/btc_liquidations_30m_2026-05-21_2026-06-08.csv
metrics=$data/binance_btcusdt_metrics_1h_2026-05-01_2026-06-27.csv
[[ -r $candles && -r $liquidations && -r $metrics ]] || { echo "calibrate_options.sh: shared data not found in '$data'" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
snapshot=$work/btcusdt-5m.json.gz
"$cli" import -o "$snapshot" --symbol BTCUSDT --exchange binance --interval 5m \
    --from 2026-05-25 --to 2026-06-09 "$candles" "$liquidations" "$metrics" >/dev/null

# Window bounds from the whole post-warm-up window: halves and thirds by interval count.
full=$("$cli" calibrate "$snapshot" --preset balanced --bucket 0 --decay-hours 0 --entry spread)
at() {
    jq -r --argjson f "$1" '
        (.interval | capture("^(?<n>[0-9]+)(?<u>[smhd])$")) as $i
        | (($i.n | tonumber) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[$i.u]) as $step
        | (.first_interval | fromdateiso8601) + ((.intervals.used * $f | floor) * $step) | todate' <<<"$full"
}
half=$(at 0.5)
third=$(at 0.3333334)
twoThirds=$(at 0.6666667)
echo "# split H1/H2 at $half; T1 before $third, T3 from $twoThirds" >&2

base=(--preset balanced --bucket 0 --decay-hours 0 --entry spread)
variants=(
    "default|"
    "entry profile|--entry profile"
    "tilt taker +0.5|--side-tilt 0.5 --tilt-source taker"
    "tilt taker +1|--side-tilt 1 --tilt-source taker"
    "tilt taker +2|--side-tilt 2 --tilt-source taker"
    "tilt taker -1|--side-tilt -1 --tilt-source taker"
    "tilt accounts +1|--side-tilt 1 --tilt-source accounts"
    "tilt accounts -1|--side-tilt -1 --tilt-source accounts"
    "tilt top-accounts +1|--side-tilt 1 --tilt-source top-accounts"
    "tilt top-accounts -1|--side-tilt -1 --tilt-source top-accounts"
    "tilt top-positions +1|--side-tilt 1 --tilt-source top-positions"
    "tilt top-positions -1|--side-tilt -1 --tilt-source top-positions"
    "close winners 0.5 (2%)|--close-winners-first 0.5"
    "close winners 1 (2%)|--close-winners-first 1"
    "close winners 1 (0.5%)|--close-winners-first 1 --close-loser-scale 0.5"
    "close winners 1 (5%)|--close-winners-first 1 --close-loser-scale 5"
    "learned mix 0.5 (336h/24h)|--learn-mix 0.5"
    "learned mix 1 (336h/24h)|--learn-mix 1"
    "learned mix 1 (168h/12h)|--learn-mix 1 --learn-window-hours 168 --learn-every-hours 12"
)
windows=("H1|--to $half" "H2|--from $half" "T1|--to $third" "T3|--from $twoThirds")
if [[ -n ${EXTRA_VARIANTS:-} ]]; then
    IFS=';' read -r -a extra <<<"$EXTRA_VARIANTS"
    variants+=("${extra[@]}")
fi
for v in "${variants[@]}"; do
    name=${v%%|*}
    read -r -a args <<<"${v#*|}"
    for w in "${windows[@]}"; do
        read -r -a wargs <<<"${w#*|}"
        "$cli" calibrate "$snapshot" "${base[@]}" "${args[@]}" "${wargs[@]}" | jq -r --arg v "$name" --arg w "${w%%|*}" '
            [$v, $w, .long.spearman, .short.spearman, .long.partial_spearman, .short.partial_spearman,
             .long.top_share, .short.top_share, .long.baseline_spearman, .short.baseline_spearman,
             .long.baseline_top_share, .short.baseline_top_share, .intervals.used, .noise_level]
            | map(. // "nan") | @tsv'
    done
done
