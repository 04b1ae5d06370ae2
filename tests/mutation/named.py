#!/usr/bin/env python3
"""The safety mutations issue 10 named, replayed by hand: each is applied to src/ alone, the tests that pin it
are run, and the file is restored. Every line of output must say the tests FAILED. Run from a clean checkout
(it edits src/ in place and restores it; a build per mutation, about a minute each on two cores):

    python3 tests/mutation/named.py          # all of them
    python3 tests/mutation/named.py 0 3      # only the first and the fourth

Stryker (run.sh) finds mutations by itself; this file keeps the ones a mutation pass found surviving, so a
refactoring that moves their code shows here first (a mutation whose text is no longer found fails loudly).
"""
import os
import subprocess
import sys

# (what breaks, file, text, replacement, the tests that must fail)
M = [
 ("constant lock_timeout", "src/Cutover/LockRetryPolicy.cs",
  "return TimeSpan.FromMilliseconds(Math.Min(ms, MaxTimeout.TotalMilliseconds));", "return InitialTimeout;",
  "FullyQualifiedName~A_lock_holder_that_never_lets_go"),
 ("retry never stops", "src/Cutover/Running/StepExecutor.cs",
  "provider.IsLockTimeout(failure.InnerException!) && attempt + 1 < policy.Attempts;", "provider.IsLockTimeout(failure.InnerException!);",
  "FullyQualifiedName~A_lock_holder_that_never_lets_go"),
 ("CONCURRENTLY gets the short timeout", "src/Cutover/Running/StepExecutor.cs",
  "var limited = !SqlSplitter.ContainsKeyword(statement.Text, provider.Dialect, \"CONCURRENTLY\");", "var limited = true;",
  "FullyQualifiedName~A_concurrent_index_build_waits"),
 ("down prefers the edited file", "src/Cutover/Running/PlannedMigration.cs",
  "public MigrationFile StoredDownScript(SqlDialect dialect) =>\n        MigrationFileParser", "public MigrationFile StoredDownScript(SqlDialect dialect) => File ??\n        MigrationFileParser",
  "FullyQualifiedName~Down_runs_the_down_sql_stored"),
 ("repair keeps the old down SQL", "src/Cutover/Workflows/RepairWorkflow.cs",
  "row with { Checksum = file.Checksum, DownScript = MigrationFileParser.DownScript(file) }", "row with { Checksum = file.Checksum }",
  "FullyQualifiedName~Repair_accepting"),
 ("no client_connection_check_interval", "src/Cutover.Postgres/PostgresProvider.cs",
  "if (connection.PostgreSqlVersion.Major >= 14)", "if (connection.PostgreSqlVersion.Major >= 99)",
  "FullyQualifiedName~A_killed_runner_in_a_long_statement"),
 ("no-op up takes the lock", "src/Cutover/Workflows/ApplyWorkflow.cs",
  "if (planned.Count == 0)", "if (planned.Count < 0)",
  "FullyQualifiedName~A_no_op_up_takes_no_lock"),
 ("non-unique backfill key accepted", "src/Cutover/Backfill/BackfillKey.cs",
  "if (!UniqueKeys(table).Any(k => SameColumns(k, names)))", "if (false && !UniqueKeys(table).Any(k => SameColumns(k, names)))",
  "FullyQualifiedName~A_key_that_allows_null_or_is_not_unique"),
 ("median is the maximum", "src/Cutover/Rehearsal/Contracts/ContractRun.cs",
  "return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;", "return sorted[^1];",
  "FullyQualifiedName~ContractTimingTests"),
 ("max-slowdown floor ignored", "src/Cutover/Rehearsal/Contracts/ContractComparison.cs",
  "return a - b >= ContractRunner.SlowdownFloor && a.TotalMilliseconds > factor * b.TotalMilliseconds;", "return a.TotalMilliseconds > factor * b.TotalMilliseconds;",
  "FullyQualifiedName~ContractTimingTests"),
]
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
only = sys.argv[1:] 
for i,(name,f,old,new,flt) in enumerate(M):
    if only and str(i) not in only: continue
    src=open(f).read()
    if src.count(old) != 1:
        sys.exit(f"{f}: the text of mutation '{name}' is no longer there once; update this file")
    open(f,'w').write(src.replace(old,new))
    try:
        b=subprocess.run("cd tests/Cutover.Tests && dotnet build 2>&1", shell=True, capture_output=True, text=True)
        if b.returncode != 0:
            sys.exit(f"{name}: the mutated code does not build:\n{b.stdout[-2000:]}")
        r=subprocess.run(f"cd tests/Cutover.Tests && timeout 600 dotnet test --no-build --filter '{flt}' 2>&1 | grep -E 'Passed!|Failed!|\\[FAIL\\]'", shell=True, capture_output=True, text=True)
        verdict = "FAILED (killed)" if "Failed!" in r.stdout else "PASSED (survived)"
        print(f"{i} {name}: tests {verdict}\n{r.stdout.strip()}", flush=True)
    finally:
        open(f,'w').write(src)
