#!/usr/bin/env python3
"""Prints a Stryker --mutate pattern per file for the survivors (and uncovered mutants) of a run, each line of
them as a character span, so `run.sh $(python3 spans.py)` retests only those against the whole engine suite.
Leaves out ConfigureAwait(false) -> (true), which is equivalent (REPORT.md).

    python3 tests/mutation/spans.py [StrykerOutput/<run>/reports/mutation-report.json]   (default: the newest run)
"""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
report = sys.argv[1] if len(sys.argv) > 1 else sorted(glob.glob(os.path.join(here, "StrykerOutput/*/reports/mutation-report.json")))[-1]
files = json.load(open(report))["files"]
for path, data in sorted(files.items()):
    lines = data["source"].split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    spans = set()
    for mutant in data["mutants"]:
        if mutant["status"] not in ("Survived", "NoCoverage"):
            continue
        first, last = mutant["location"]["start"]["line"], mutant["location"]["end"]["line"]
        if mutant["mutatorName"].startswith("Boolean") and "ConfigureAwait" in lines[first - 1]:
            continue
        # Whole lines: Stryker mutates a mutant when its span lies inside one of the pattern's spans.
        spans.add((starts[first - 1], starts[last] - 1))
    if spans:
        print("**/" + path.split("src/Cutover/")[-1] + "".join("{%d..%d}" % s for s in sorted(spans)))
