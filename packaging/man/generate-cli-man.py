#!/usr/bin/env python3
"""Writes liqheat-cli.1 from the program's own --help, so the man page and --help never drift.

Usage: packaging/man/generate-cli-man.py build/release/app/liqheat-cli > packaging/man/liqheat-cli.1
The hand-written parts (description, model options, environment, exit status, examples) are below;
the COMMANDS section is read from `liqheat-cli COMMAND --help`. tests/cli checks the result is
current (every option of every command's --help appears under that command).
"""
import re
import subprocess
import sys

cli = sys.argv[1]


def help_text(*args):
    return subprocess.run([cli, *args, "--help"], capture_output=True, text=True, check=True).stdout


def esc(text):
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return ("\\&" + text) if text.startswith((".", "'")) else text


top = help_text()
commands = []
in_sub = False
for line in top.splitlines():
    if line.startswith("Subcommands:"):
        in_sub = True
        continue
    if in_sub:
        m = re.match(r"^  (\S+)\s+(.*)$", line)
        if m:
            commands.append((m.group(1), m.group(2)))
        elif line.strip() == "":
            if commands:
                in_sub = False

version = subprocess.run([cli, "--version"], capture_output=True, text=True, check=True).stdout.split()[-1]

out = []
w = out.append
w('.TH LIQHEAT\\-CLI 1 "2026-12-01" "liqheat %s" "User Commands"' % version)
w(".SH NAME")
w("liqheat\\-cli \\- estimate, inspect and plan trades around crypto futures liquidation levels")
w(".SH SYNOPSIS")
w(".B liqheat\\-cli")
w("\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fISNAPSHOT\\fR]")
w(".br")
w(".B liqheat\\-cli")
w("[\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]")
w(".SH DESCRIPTION")
w("From candles, open interest and an assumed leverage distribution, liqheat estimates how much long and")
w("short notional would be liquidated at each price level. \\fBliqheat\\-cli\\fR reads and writes liqheat")
w("snapshots (self\\-describing JSON, optionally gzip), fetches live exchange data, and answers the same")
w("questions as the \\fBliqheat\\fR(1) viewer with the same core functions, so both always agree.")
w("Output goes to standard output unless \\fB\\-o\\fR is given; files are written atomically.")
w(".PP")
w("The heatmap is an estimate, not an observation: no exchange publishes where positions will be")
w("liquidated. Liquidation prices of a planned position use the exchanges' own formulas.")
w(".SH COMMANDS")
for name, summary in commands:
    text = help_text(name)
    usage = next((l for l in text.splitlines() if l.startswith("Usage:")), "")
    w(".SS %s" % esc(name))
    w(esc(summary[0].upper() + summary[1:]) + ".")
    w(".PP")
    w("\\fB%s\\fR" % esc(usage.replace("Usage: ", "").strip()))
    # Options: lines "  --name ARG  description", possibly wrapped onto the next line.
    options = []
    for line in text.splitlines():
        m = re.match(r"^\s{2,6}((?:-\w,)?-{1,2}[\w-]+(?:,-{1,2}[\w-]+)?)(.*)$", line)
        if m and not line.strip().startswith("-h,--help"):
            flags = m.group(1)
            rest = m.group(2)
            parts = re.split(r"\s{2,}", rest.strip(), maxsplit=1)
            arg = parts[0] if parts else ""
            desc = parts[1] if len(parts) > 1 else ""
            required = "REQUIRED" in arg
            arg = re.sub(r"\s*(REQUIRED|Excludes:.*|Needs:.*)", "", arg).strip()
            if re.match(r"^[a-z(]", arg) and not re.match(r"^[a-z|-]+$", arg):
                desc, arg = arg, ""
            options.append([flags, arg, desc, required])
        elif options and re.match(r"^\s{20,}\S", line) and not options[-1][2]:
            options[-1][2] = line.strip()
    for flags, arg, desc, required in options:
        w(".TP")
        w("\\fB%s\\fR%s" % (esc(flags), (" \\fI%s\\fR" % esc(arg)) if arg else ""))
        w(esc((desc + (" (required)" if required else "")).strip()))
w(".SH MODEL OPTIONS")
w("Estimating commands take the model options \\fB\\-\\-preset\\fR \\fINAME\\fR, \\fB\\-\\-tiers\\fR")
w("\\fIL:W,...\\fR, \\fB\\-\\-bucket\\fR \\fIUSD\\fR, \\fB\\-\\-decay\\-hours\\fR \\fIH\\fR,")
w("\\fB\\-\\-entry\\fR \\fIclose|typical|spread\\fR (\\fB\\-\\-entry\\-placement\\fR in \\fBstop\\fR, whose")
w("\\fB\\-\\-entry\\fR is the entry price) and \\fB\\-\\-model\\-mmr\\fR \\fIR\\fR. Without them the snapshot's")
w("own model settings apply.")
w(".SH ENVIRONMENT")
w(".TP")
w("\\fBLIQHEAT_BINANCE_URL\\fR, \\fBLIQHEAT_BYBIT_URL\\fR, \\fBLIQHEAT_OKX_URL\\fR")
w("Base URLs of the exchanges' REST APIs for \\fBfetch\\fR (for example a local replay); \\fB\\-\\-base\\-url\\fR wins.")
w(".SH EXIT STATUS")
w(".TP")
w("\\fB0\\fR")
w("Success.")
w(".TP")
w("\\fB1\\fR")
w("The data, a file or the network failed (one line on standard error says what).")
w(".TP")
w("\\fB2\\fR")
w("A usage mistake or an invalid option value (the line names the option).")
w(".SH FILES")
w(".TP")
w("\\fI/usr/share/liqheat/samples/btcusdt\\-5m\\-sample.json.gz\\fR")
w("The bundled sample: two weeks of real Binance BTCUSDT 5 minute data with funding and realized liquidations.")
w(".SH EXAMPLES")
w(".nf")
w("liqheat\\-cli map /usr/share/liqheat/samples/btcusdt\\-5m\\-sample.json.gz")
w("liqheat\\-cli stop SAMPLE \\-\\-side long \\-\\-entry 63000 \\-\\-leverage 10 \\-\\-account 10000 \\-\\-risk\\-pct 1")
w("liqheat\\-cli liqprice \\-\\-exchange bybit \\-\\-side short \\-\\-entry 63000 \\-\\-qty 0.5 \\-\\-leverage 20")
w("liqheat\\-cli fetch \\-o btc.json.gz \\-\\-exchange all \\-\\-symbol BTCUSDT \\-\\-interval 5m \\-\\-days 7")
w("liqheat\\-cli render btc.json.gz \\-o btc.png \\-\\-width 1600 \\-\\-height 900")
w(".fi")
w(".SH SEE ALSO")
w("\\fBliqheat\\fR(1). The user guide, the model and the trader tools are documented in")
w("\\fI/usr/share/doc/liqheat/\\fR.")
print("\n".join(out))
