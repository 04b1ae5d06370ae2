#!/usr/bin/env python3
"""Merges Stryker runs of the same code into one report: a mutant counts as killed when any run killed it.

Used when the fast SQLite-only run (FILTER=sqlite) is followed by a run of only its survivors against every
engine test (run.sh $(python3 spans.py)): neither report alone holds the score. Mutants are matched by file, the
text of their line, mutator and replacement, so a run at an older commit still counts where that line is
unchanged. The newest report (the last argument) gives the files and every status it did not beat.

    python3 combine.py OUT.json REPORT1.json REPORT2.json ...
"""
import json
import sys

DETECTED = ("Killed", "Timeout")


def key(path, lines, mutant):
    line = lines[mutant["location"]["start"]["line"] - 1].strip()
    rel = path[path.index("src/Cutover/"):] if "src/Cutover/" in path else path
    return rel, line, mutant["mutatorName"], mutant.get("replacement", "")


def main():
    out, *inputs = sys.argv[1:]
    reports = [json.load(open(p, encoding="utf-8")) for p in inputs]
    detected = {}
    for report in reports[:-1]:
        for path, data in report["files"].items():
            lines = data["source"].split("\n")
            for mutant in data["mutants"]:
                if mutant["status"] in DETECTED:
                    detected[key(path, lines, mutant)] = mutant["status"]
    merged = reports[-1]
    moved = 0
    for path, data in merged["files"].items():
        lines = data["source"].split("\n")
        for mutant in data["mutants"]:
            if mutant["status"] in ("Survived", "NoCoverage") and key(path, lines, mutant) in detected:
                mutant["status"] = detected[key(path, lines, mutant)]
                moved += 1
    json.dump(merged, open(out, "w", encoding="utf-8"))
    print(f"{moved} survivors of the last run were killed by an earlier one")


if __name__ == "__main__":
    main()
