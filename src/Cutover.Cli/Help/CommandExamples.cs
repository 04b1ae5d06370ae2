namespace Cutover.Cli.Help;

/// <summary>A command line as a user would type it, and what it does.</summary>
internal sealed record CommandExample(string CommandLine, string Comment);

/// <summary>
/// The examples each command's --help ends with, in one table keyed by command path ("" for cutover itself,
/// "backfill status"), so they can be read and kept consistent side by side. Every line must parse as written:
/// a test runs each through the real parser.
/// </summary>
internal static class CommandExamples
{
    private static readonly Dictionary<string, CommandExample[]> ByPath = new(StringComparer.Ordinal)
    {
        [""] =
        [
            new("cutover init", "cutover.json and migrations/ in this folder"),
            new("cutover new add_user_roles", "a new migration file to fill in"),
            new("cutover up", "apply what is pending, then show the status"),
            new("cutover status --json", "every migration's state, for scripts"),
        ],
        ["init"] =
        [
            new("cutover init", "SQLite by default; the connection goes in cutover.json"),
            new("cutover init --connection \"Data Source=app.db\"", "start with this SQLite file"),
            new("cutover init --migrations db/migrations", "keep the migrations in db/migrations; cutover.json names it"),
        ],
        ["new"] =
        [
            new("cutover new add_user_roles", "migrations/<utc timestamp>_add_user_roles.sql"),
            new("cutover new --rename 20260101120000", "give a migration from another branch a newer id"),
        ],
        ["status"] =
        [
            new("cutover status", "applied, pending, changed, missing, failed"),
            new("cutover status --connection \"Host=db;Database=app\"", "the same for another database"),
            new("cutover status --json", "one JSON document, for scripts"),
        ],
        ["up"] =
        [
            new("cutover up --dry-run", "print the SQL that would run; change nothing"),
            new("cutover up", "apply every pending migration"),
            new("cutover up --to 20260101120000", "apply up to and including this migration"),
            new("cutover up --defer-backfills", "schema now; backfills left to `cutover backfill run`"),
        ],
        ["down"] =
        [
            new("cutover down --dry-run", "the SQL and the data the newest rollback would destroy"),
            new("cutover down", "roll back the newest migration (asks before dropping data)"),
            new("cutover down --steps 3 --accept-data-loss", "the three newest, unattended"),
            new("cutover down --to 0 --accept-data-loss", "roll back everything"),
        ],
        ["redo"] = [new("cutover redo", "roll back the newest migration and apply it again, while you edit it")],
        ["validate"] =
        [
            new("cutover validate", "exit 4 if an applied file was edited, is missing or out of order"),
            new("cutover validate --json", "the same findings as JSON"),
        ],
        ["baseline"] = [new("cutover baseline --id 20260101000000", "adopt an existing database: migrations up to this id count as applied")],
        ["repair"] =
        [
            new("cutover repair", "clear failed migrations after fixing their cause"),
            new("cutover repair --accept-checksums --id 20260101120000", "accept the edited text of this applied migration"),
        ],
        ["history"] =
        [
            new("cutover history", "the audit log, newest first"),
            new("cutover history --limit 20 --json", "the last 20 entries as JSON"),
        ],
        ["schema"] =
        [
            new("cutover schema dump", "the schema as canonical text"),
            new("cutover schema erd --out model.mmd", "a Mermaid ER diagram"),
        ],
        ["schema dump"] =
        [
            new("cutover schema dump", "the schema as canonical text on stdout"),
            new("cutover schema dump --json --out before.json", "a snapshot for `schema diff`"),
        ],
        ["schema erd"] = [new("cutover schema erd --out model.mmd", "a Mermaid ER diagram; missing foreign keys are flagged")],
        ["schema diff"] =
        [
            new("cutover schema diff before.json after.json", "what changed between two snapshots"),
            new("cutover schema diff before.json \"Data Source=app.db\"", "a snapshot against a live database"),
        ],
        ["drift"] = [new("cutover drift", "exit 4 if the schema was changed outside migrations")],
        ["sum"] = [new("cutover sum", "rewrite migrations/cutover.sum after resolving a merge conflict in it")],
        ["check"] =
        [
            new("cutover check --base origin/main", "before merge: integrity, branch rules, lock-aware lint"),
            new("cutover check --dialect postgres --strict", "no database needed; warnings fail too"),
            new("cutover check --base origin/main --format sarif", "SARIF 2.1.0 for code scanning"),
            new("cutover check --format github", "annotations on the pull request in GitHub Actions"),
        ],
        ["rehearse"] =
        [
            new("cutover rehearse", "pending migrations on a copy of the configured database"),
            new("cutover rehearse --from \"$STAGING_DATABASE_URL\"", "on a copy of staging; staging is never written"),
            new("cutover rehearse --keep", "keep the copy afterwards to look around"),
        ],
        ["backfill"] =
        [
            new("cutover backfill status", "rows done, rate and ETA of every backfill"),
            new("cutover backfill pause 20260101120000", "pause after the batch in flight"),
            new("cutover backfill run --once", "run deferred backfills to their end, then exit"),
        ],
        ["backfill status"] =
        [
            new("cutover backfill status", "every backfill: state, rows done, rate, ETA"),
            new("cutover backfill status --json", "the same as JSON"),
        ],
        ["backfill pause"] = [new("cutover backfill pause 20260101120000", "pause this migration's backfill after the batch in flight")],
        ["backfill resume"] = [new("cutover backfill resume 20260101120000/2", "continue step 2's backfill from its checkpoint")],
        ["backfill cancel"] = [new("cutover backfill cancel 20260101120000", "stop it; batches done stay done")],
        ["backfill run"] =
        [
            new("cutover backfill run", "the background runner: keeps watching for backfills"),
            new("cutover backfill run --once", "exit when no backfill is left"),
            new("cutover backfill run --verify-every 30", "also verify expanded migrations every 30 minutes"),
        ],
        ["complete"] =
        [
            new("cutover complete 20260101120000", "drop the old shape once verified and rolled out"),
            new("cutover complete 20260101120000 --force --reason \"verified by hand\"", "without a fresh clean verification"),
        ],
        ["abort"] =
        [
            new("cutover abort 20260101120000", "remove the new shape; the old one stays"),
            new("cutover abort 20260101120000 --force --reason \"rollout is paused in the app\"", "while a rollout still sends users to it"),
        ],
        ["verify"] =
        [
            new("cutover verify 20260101120000", "compare the old and the new shape row by row"),
            new("cutover verify 20260101120000 --repair --batch 5000", "re-derive mismatching rows, 5000 at a time"),
        ],
        ["archives"] =
        [
            new("cutover archives", "the archive tables kept for `down` after complete"),
            new("cutover archives --purge", "drop those past their retention window"),
        ],
        ["rollout"] =
        [
            new("cutover rollout 20260101120000 --percent 10", "one user in ten gets the new shape"),
            new("cutover rollout 20260101120000 --users alice,bob --groups beta=100,staff=50", "these users, all of beta and half of staff"),
            new("cutover rollout status", "every rollout and since when it is at 100%"),
        ],
        ["rollout status"] = [new("cutover rollout status", "every rollout: percentage, users, groups")],
        ["serve"] =
        [
            new("cutover serve", "the dashboard at http://127.0.0.1:5080/, read-only"),
            new("cutover serve --port 8080 --allow-actions", "with confirmed pause, resume, verify, rollout, complete and abort"),
        ],
        ["import"] =
        [
            new("cutover import flyway ../legacy/db/migration", "Flyway's V and U files as Cutover migrations"),
            new("cutover import efcore src/App --connection \"Data Source=app.db\"", "EF Core's migrations, baselined from __EFMigrationsHistory"),
            new("cutover import dbup src/App/Scripts --connection \"Data Source=app.db\"", "DbUp's scripts, baselined from its journal"),
        ],
        ["import flyway"] =
        [
            new("cutover import flyway ../legacy/db/migration", "write the migrations and cutover.sum"),
            new("cutover import flyway db/migration --connection \"Host=db;Database=app\"", "and baseline that database at Flyway's newest version"),
        ],
        ["import efcore"] =
        [
            new("cutover import efcore src/App", "each EF Core migration as a Cutover migration of the same id, with its down step"),
            new("cutover import efcore src/App.Data --startup-project src/App.Web --context ShopContext", "a DbContext in a class library, built through the web project"),
            new("cutover import efcore src/App --connection \"Host=db;Database=app\"", "and baseline that database at the newest migration __EFMigrationsHistory shows"),
        ],
        ["import dbup"] =
        [
            new("cutover import dbup src/App/Scripts", "write the scripts as migrations, in DbUp's order, and cutover.sum"),
            new("cutover import dbup Scripts --connection \"Host=db;Database=app\"", "and baseline that database at the last script SchemaVersions shows"),
            new("cutover import dbup Scripts --script-prefix App.Scripts. --connection \"Data Source=app.db\"", "scripts DbUp ran as embedded resources"),
        ],
        ["import grate"] =
        [
            new("cutover import grate db", "the one-time scripts of db/up as migrations; anytime folders are listed as skipped"),
            new("cutover import grate db --connection \"Host=db;Database=app\"", "and baseline at the last up script grate.ScriptsRun shows"),
        ],
        ["completion"] =
        [
            new("source <(cutover completion bash)", "bash: put this line in ~/.bashrc"),
            new("cutover completion zsh > ~/.zsh/completions/_cutover", "zsh: a folder on $fpath"),
            new("cutover completion fish > ~/.config/fish/completions/cutover.fish", "fish"),
            new("cutover completion pwsh | Out-String | Invoke-Expression", "PowerShell: put this line in $PROFILE"),
        ],
    };

    /// <summary>The commands the table has examples for.</summary>
    public static IEnumerable<string> Paths => ByPath.Keys;

    /// <summary>The examples of the command at <paramref name="path"/>; empty for a command without any.</summary>
    public static IReadOnlyList<CommandExample> For(string path) => ByPath.GetValueOrDefault(path) ?? [];
}
