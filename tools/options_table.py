#!/usr/bin/env python3
"""Markdown tables from tools/calibrate_options.sh output (docs/MODEL.md, section 7).

Usage: tools/options_table.py OPTIONS.tsv
Prints the one-change-at-a-time table (d = change in Spearman rho against the `default` row) and
the issue-16 targets on the second half H2.
"""
import collections
import sys

# Columns after variant and window (see calibrate_options.sh).
RHO_L, RHO_S, PART_L, PART_S, TOP_L, TOP_S, BASE_L, BASE_S, BASE_TOP_L, BASE_TOP_S, N, NOISE = range(12)

rows = collections.OrderedDict()
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    if len(f) == 14:
        rows.setdefault(f[0], {})[f[1]] = [float(x) for x in f[2:]]
base = rows["default"]

print("| variant | H1 rho L | H1 rho S | H1 d L | H1 d S | H2 rho L | H2 rho S | H2 d L | H2 d S | H2 partial L "
      "| H2 partial S | H2 top10 L | H2 top10 S | T1 d L | T1 d S | T3 d L | T3 d S |")
print("|---" * 17 + "|")
for name, w in rows.items():
    def d(win, i):
        return f"{w[win][i] - base[win][i]:+.3f}"
    h1, h2 = w["H1"], w["H2"]
    print(f"| {name} | {h1[RHO_L]:.3f} | {h1[RHO_S]:.3f} | {d('H1', RHO_L)} | {d('H1', RHO_S)} | {h2[RHO_L]:.3f} "
          f"| {h2[RHO_S]:.3f} | {d('H2', RHO_L)} | {d('H2', RHO_S)} | {h2[PART_L]:.3f} | {h2[PART_S]:.3f} "
          f"| {h2[TOP_L]:.2f} | {h2[TOP_S]:.2f} | {d('T1', RHO_L)} | {d('T1', RHO_S)} | {d('T3', RHO_L)} "
          f"| {d('T3', RHO_S)} |")
print()
for win in ["H1", "H2", "T1", "T3"]:
    x = base[win]
    print(f"- {win}: {x[N]:.0f} intervals, noise level {x[NOISE]:.3f}; price excursion rho L {x[BASE_L]:.3f} "
          f"S {x[BASE_S]:.3f}, top10 L {x[BASE_TOP_L]:.2f} S {x[BASE_TOP_S]:.2f}")
print()
h = base["H2"]
print(f"| variant (H2) | partial L >= 0.50 | partial S >= 0.50 | rho L > excursion {h[BASE_L]:.3f} "
      f"| rho S > excursion {h[BASE_S]:.3f} | top10 L >= {h[BASE_TOP_L]:.2f} | top10 S >= {h[BASE_TOP_S]:.2f} "
      "| targets met |")
print("|---" * 8 + "|")
for name, w in rows.items():
    h = w["H2"]
    checks = [(h[PART_L], h[PART_L] >= 0.5), (h[PART_S], h[PART_S] >= 0.5), (h[RHO_L], h[RHO_L] > h[BASE_L]),
              (h[RHO_S], h[RHO_S] > h[BASE_S]), (h[TOP_L], h[TOP_L] >= h[BASE_TOP_L]),
              (h[TOP_S], h[TOP_S] >= h[BASE_TOP_S])]
    cells = " | ".join(f"{v:.3f} {'yes' if ok else 'no'}" for v, ok in checks)
    print(f"| {name} | {cells} | {sum(ok for _, ok in checks)}/6 |")
