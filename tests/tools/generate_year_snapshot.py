#!/usr/bin/env python3
"""Writes a deterministic synthetic snapshot: N one-minute BTCUSDT candles with volume and open
interest (default: a year, 525,600 rows, about 42 MB of JSON), for benchmarks and the long-history
checks in docs/BENCHMARKS.md. Not market data: a seeded random walk with BTC's shape.

    tests/tools/generate_year_snapshot.py /tmp/year.json [--rows 525600] [--seed 42]
"""
import argparse
import json
import math
import random


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--rows", type=int, default=365 * 1440)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = 1_672_531_200_000  # 2023-01-01T00:00:00Z
    minute = 60_000
    sigma = 0.001 * math.sqrt(60 / 300)  # about 0.1 % per 5 minutes, scaled to 1 minute
    price, oi = 65_000.0, 100_000.0
    time, opens, highs, lows, closes, volumes, ois = [], [], [], [], [], [], []
    for i in range(args.rows):
        open_ = price
        price *= math.exp(rng.gauss(0.0, sigma))
        wick = abs(rng.gauss(0.0, sigma)) * price * 0.5
        time.append(start + i * minute)
        opens.append(round(open_, 1))
        closes.append(round(price, 1))
        highs.append(round(max(open_, price) + wick + 0.1, 1))
        lows.append(round(min(open_, price) - wick - 0.1, 1))
        volumes.append(round(abs(rng.gauss(50.0, 20.0)), 3))
        oi = max(1_000.0, oi * (1.0 + rng.gauss(0.0, 0.0005)))
        ois.append(round(oi, 3))
    doc = {
        "format": "liqheat-snapshot",
        "version": {"major": 1, "minor": 0},
        "created": "2026-12-01T00:00:00Z",
        "source": {"exchanges": ["binance"], "symbol": "BTCUSDT", "interval": "1m"},
        "series": {
            "candles": {"time": time, "open": opens, "high": highs, "low": lows, "close": closes,
                        "volume": volumes},
            "open_interest": {"time": time, "base": ois},
        },
        "model": {"preset": "balanced"},
    }
    with open(args.output, "w") as out:
        json.dump(doc, out, separators=(",", ":"))


if __name__ == "__main__":
    main()
