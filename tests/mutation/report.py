#!/usr/bin/env python3
"""Writes the results of one Stryker run into REPORT.md.

Reads Stryker's mutation-report.json (the mutation-testing-elements schema) and replaces the part of REPORT.md
between the "generated" markers with: the score, the counts per status, and every surviving and no-coverage
mutant as file:line, mutator, original -> mutated, with the verdict justified.tsv gives it (equivalent, harmless,
killed-by-hand) and the score counting those verdicts. It also appends one line to the table of runs. The rest of
REPORT.md (exclusions, how the runs were made) is written by hand and left alone.
"""
import argparse
import collections
import datetime
import json
import os
import re
import sys

START = "<!-- generated:start -->"
END = "<!-- generated:end -->"
RUNS = "<!-- runs:end -->"


def original_text(source_lines, location):
    start, end = location["start"], location["end"]
    if start["line"] == end["line"]:
        text = source_lines[start["line"] - 1][start["column"] - 1:end["column"] - 1]
    else:
        parts = [source_lines[start["line"] - 1][start["column"] - 1:]]
        parts += source_lines[start["line"]:end["line"] - 1]
        parts.append(source_lines[end["line"] - 1][:end["column"] - 1])
        text = "\n".join(parts)
    return text


def load_justified(path):
    """(file, line fragment, mutator prefix, replacement fragment, verdict, reason) rows of justified.tsv."""
    rows = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                rows.append(tuple(line.rstrip("\n").split("\t")))
    return rows


def verdict_of(justified, rel, line_text, mutator, replacement):
    for file, fragment, prefix, wanted, verdict, reason in justified:
        if (file == rel and fragment in line_text and (prefix == "*" or mutator.startswith(prefix))
                and (wanted == "*" or wanted in replacement)):
            return verdict, reason
    return None


def one_line(text, limit=90):
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def cell(text):
    return "`" + one_line(text).replace("`", "'").replace("|", "\\|") + "`"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report_json")
    parser.add_argument("report_md")
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("--commit", default="unknown")
    parser.add_argument("--parts", default="Running History LockRetryPolicy Backfill Files")
    args = parser.parse_args()

    with open(args.report_json, encoding="utf-8") as f:
        report = json.load(f)

    # Stryker reports every file of the project (and compile errors outside the mutated parts): count only the parts run.
    prefixes = tuple("src/Cutover/LockRetryPolicy.cs" if part.startswith("LockRetryPolicy") else f"src/Cutover/{part}/"
                     for part in args.parts.split())
    justified = load_justified(os.path.join(os.path.dirname(os.path.abspath(__file__)), "justified.tsv"))
    counts = collections.Counter()
    listed = []
    verdicts = collections.Counter()
    per_file = collections.defaultdict(collections.Counter)
    for path, file in sorted(report["files"].items()):
        rel = path
        marker = "src/Cutover/"
        if marker in path:
            rel = path[path.index(marker):]
        if not rel.startswith(prefixes):
            continue
        lines = file["source"].split("\n")
        for mutant in file["mutants"]:
            status = mutant["status"]
            counts[status] += 1
            per_file[rel][status] += 1
            if status in ("Survived", "NoCoverage"):
                loc = mutant["location"]
                before = lines[loc["start"]["line"] - 1][:loc["start"]["column"] - 1]
                note = ""
                if before.endswith("ConfigureAwait(") and mutant["mutatorName"].startswith("Boolean"):
                    found = ("equivalent", "ConfigureAwait(true) (no synchronization context in the tool, a test host or ASP.NET Core)")
                else:
                    found = verdict_of(justified, rel, lines[loc["start"]["line"] - 1], mutant["mutatorName"], mutant.get("replacement", ""))
                if found:
                    verdicts[found[0]] += 1
                    note = f"{found[0]}: {found[1]}"
                listed.append((status, rel, loc["start"]["line"], mutant["mutatorName"],
                               original_text(lines, loc), mutant.get("replacement", ""), note))

    killed, timeout = counts["Killed"], counts["Timeout"]
    survived, nocov = counts["Survived"], counts["NoCoverage"]
    detected = killed + timeout
    valid = detected + survived + nocov
    score = 100.0 * detected / valid if valid else 0.0
    covered_score = 100.0 * detected / (detected + survived) if detected + survived else 0.0
    # Equivalent mutants cannot be killed: left out. Mutants killed by hand count as killed. Harmless ones stay survivors.
    equivalent = verdicts["equivalent"]
    justified_score = 100.0 * (detected + verdicts["killed-by-hand"]) / (valid - equivalent) if valid - equivalent else 0.0
    unexplained = len(listed) - sum(verdicts.values())
    when = datetime.datetime.fromtimestamp(os.path.getmtime(args.report_json), datetime.timezone.utc)
    wall = f"{args.seconds // 60} min {args.seconds % 60} s"

    out = [START, "", f"## Latest run: {when:%Y-%m-%d %H:%M} UTC, commit {args.commit}, parts: {args.parts}", "",
           f"- mutation score: **{score:.1f}%** (killed + timeout over all tested mutants); "
           f"over covered code only: {covered_score:.1f}%",
           f"- leaving out the {equivalent} equivalent mutants and counting the {verdicts['killed-by-hand']} killed by tests "
           f"Stryker cannot run (justified.tsv): **{justified_score:.1f}%**; {verdicts['harmless']} harmless survivors; "
           f"{unexplained} survivors without a verdict",
           f"- killed {killed} · survived {survived} · timeout {timeout} · no coverage {nocov} · "
           f"compile errors {counts['CompileError']} · ignored (by the config) {counts['Ignored']}"
           + (f" · runtime errors {counts['RuntimeError']}" if counts["RuntimeError"] else ""),
           f"- wall time of the run: {wall}", "",
           "| file | killed | survived | timeout | no coverage | score |", "|---|---:|---:|---:|---:|---:|"]
    for rel, c in sorted(per_file.items()):
        d = c["Killed"] + c["Timeout"]
        v = d + c["Survived"] + c["NoCoverage"]
        if v == 0:
            continue
        out.append(f"| {rel} | {c['Killed']} | {c['Survived']} | {c['Timeout']} | {c['NoCoverage']} | {100.0 * d / v:.0f}% |")
    out += ["", f"### Surviving and no-coverage mutants ({len(listed)})", "",
            "| status | where | mutator | original → mutated | note |", "|---|---|---|---|---|"]
    for status, rel, line, mutator, original, replacement, note in sorted(listed, key=lambda m: (m[1], m[2], m[3])):
        out.append(f"| {status} | {rel}:{line} | {mutator} | {cell(original)} → {cell(replacement)} | {note} |")
    out += ["", END]
    generated = "\n".join(out)

    row = (f"| {when:%Y-%m-%d %H:%M} | {args.commit} | {args.parts} | stryker-config.json | {score:.1f}% | {killed} | {survived} | {timeout} | "
           f"{nocov} | {counts['CompileError']} | {wall} |")

    text = open(args.report_md, encoding="utf-8").read() if os.path.exists(args.report_md) else ""
    if START in text and END in text:
        text = text[:text.index(START)] + generated + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    if RUNS in text:
        text = text.replace(RUNS, row + "\n" + RUNS)
    with open(args.report_md, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"score {score:.1f}%: killed {killed}, survived {survived}, timeout {timeout}, no coverage {nocov}, "
          f"compile errors {counts['CompileError']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
