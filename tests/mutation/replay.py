#!/usr/bin/env python3
"""Replays a Stryker run's survivors by hand against chosen tests, for code Stryker cannot afford to retest.

Each surviving (or uncovered) mutant of the named files is applied to src/ as Stryker described it (its location
and replacement), Cutover.dll is rebuilt and copied over the test build, the tests the filter selects run, and the
file is restored. The result is written as a copy of the Stryker report with those mutants marked Killed or left
as they were, for combine.py. Used for the PostgreSQL-only paths (lock retries, throttling): with every engine
test a Stryker retest takes about three minutes a mutant; a replay against the PostgreSQL classes under a minute.

    python3 replay.py REPORT.json OUT.json "<test filter>" src/Cutover/Running/StepExecutor.cs [src/Cutover/Backfill/BackfillRunner.cs:80-200 …]

Run from a clean checkout whose tests are built (dotnet build tests/Cutover.Tests); it edits src/ in place. The
checkout may be newer than the run: a mutant whose text is found unchanged on a line of the same text (the only
such line) is applied there, the others are skipped and said so.
"""
import json
import os
import shutil
import subprocess
import sys

root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
report_path, out_path, test_filter, *wanted = sys.argv[1:]
# file -> [(first line, last line)]; a file without a range means all of it.
files = {}
for item in wanted:
    name, _, lines_wanted = item.partition(":")
    first, _, last = lines_wanted.partition("-")
    files.setdefault(name, []).append((int(first or 1), int(last or first or 10**9)))
report = json.load(open(report_path, encoding="utf-8"))
bin_dir = os.path.join(root, "tests/Cutover.Tests/bin/Debug/net10.0")
built = os.path.join(root, "src/Cutover/bin/Debug/net10.0/Cutover.dll")


def run(command):
    return subprocess.run(command, shell=True, cwd=root, capture_output=True, text=True)


def offset(lines, line, column):
    return sum(len(l) + 1 for l in lines[:line - 1]) + column - 1


for path, data in report["files"].items():
    rel = path[path.index("src/Cutover/"):] if "src/Cutover/" in path else path
    if rel not in files:
        continue
    original = open(os.path.join(root, rel), encoding="utf-8").read()
    lines = original.split("\n")
    old_lines = data["source"].split("\n")
    for mutant in data["mutants"]:
        start, end = mutant["location"]["start"], mutant["location"]["end"]
        if mutant["status"] not in ("Survived", "NoCoverage") or not any(a <= start["line"] <= b for a, b in files[rel]):
            continue
        if mutant["mutatorName"].startswith("Boolean") and old_lines[start["line"] - 1][:start["column"] - 1].endswith("ConfigureAwait("):
            continue
        # Where the mutant's first line is now: the one line of the same text (a line moves when code above it changes).
        text = old_lines[start["line"] - 1]
        now = [i + 1 for i, line in enumerate(lines) if line == text]
        shift = now[0] - start["line"] if len(now) == 1 else None
        old_span = data["source"][offset(old_lines, start["line"], start["column"]):offset(old_lines, end["line"], end["column"])]
        if shift is not None:
            a, b = offset(lines, start["line"] + shift, start["column"]), offset(lines, end["line"] + shift, end["column"])
        if shift is None or original[a:b] != old_span:
            print(f"{rel}:{start['line']} {mutant['mutatorName']}: its code changed since the run; skipped", flush=True)
            continue
        mutated = original[:a] + mutant["replacement"] + original[b:]
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(mutated)
        try:
            build = run("dotnet build src/Cutover -c Debug --no-restore -p:TreatWarningsAsErrors=false 2>&1")
            if build.returncode != 0:
                verdict = "CompileError"
            else:
                shutil.copy(built, os.path.join(bin_dir, "Cutover.dll"))
                # A mutant that makes a retry loop endless hangs its test: the hang is detected, as Stryker counts a timeout.
                test = run(f'dotnet test tests/Cutover.Tests --no-build --blame-hang-timeout 4m --filter "{test_filter}" 2>&1')
                hung = "hang" in test.stdout.lower()
                verdict = ("Timeout" if hung else "Killed") if test.returncode != 0 else mutant["status"]
        finally:
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(original)
        print(f"{rel}:{start['line']} {mutant['mutatorName']}: {mutant['status']} -> {verdict}", flush=True)
        if verdict in ("Killed", "Timeout"):
            mutant["status"] = verdict
            mutant["statusReason"] = f"replay.py: {test_filter}"
        # Written after every mutant, so an interrupted replay keeps what it found.
        json.dump(report, open(out_path, "w", encoding="utf-8"))
# Put the real build back.
run("dotnet build src/Cutover -c Debug --no-restore 2>&1")
shutil.copy(built, os.path.join(bin_dir, "Cutover.dll"))
json.dump(report, open(out_path, "w", encoding="utf-8"))
