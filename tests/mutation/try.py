#!/usr/bin/env python3
"""Reruns mutations written by hand (hand-mutants.json: file, exact old text, new text, test filter) one at a time:
applies it, rebuilds, runs the filter, restores. Prints KILLED / SURVIVED / BUILD-FAIL / NOT-UNIQUE per mutant. For the
survivors of a Stryker run that only a test Stryker cannot run (or a slow PostgreSQL test) kills.

    python3 tests/mutation/try.py . tests/mutation/hand-mutants.json      (from the repository root; edits src/ in place)
"""
import json, subprocess, sys, os, shutil
root, listing = sys.argv[1], sys.argv[2]
items = json.load(open(listing))
def run(c): return subprocess.run(c, shell=True, cwd=root, capture_output=True, text=True)
for it in items:
    path = os.path.join(root, it["file"]); original = open(path).read()
    if original.count(it["old"]) != 1:
        print(f"NOT-UNIQUE {it['name']} ({original.count(it['old'])})", flush=True); continue
    open(path, "w").write(original.replace(it["old"], it["new"]))
    try:
        b = run("dotnet build tests/Cutover.Tests --no-restore -p:TreatWarningsAsErrors=false 2>&1")
        if b.returncode != 0:
            print(f"BUILD-FAIL {it['name']}", flush=True); continue
        t = run(f'dotnet test tests/Cutover.Tests --no-build --filter "{it["filter"]}" 2>&1')
        print(f"{'KILLED' if t.returncode != 0 else 'SURVIVED'} {it['name']}", flush=True)
    finally:
        open(path, "w").write(original)
run("dotnet build tests/Cutover.Tests --no-restore 2>&1")
