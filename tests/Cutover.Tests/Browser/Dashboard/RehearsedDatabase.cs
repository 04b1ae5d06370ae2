using Cutover.Running;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// A real database with one migration applied and one pending that a rehearsal can run: the pending one trips two lint
/// rules (one allowed with a reason) and carries hostile markup in its <c>-- why:</c> header and its SQL, which the
/// one-pager the rehearsal writes repeats.
/// </summary>
internal static class RehearsedDatabase
{
    public const string Created = "20260201000000";
    public const string Reviewed = "20260202000000";

    /// <summary>A link whose address would run script if it were kept.</summary>
    public const string ScriptLink = "[click me](javascript:alert(1))";

    private static readonly (string File, string Sql)[] Migrations =
    [
        ($"{Created}_create_notes.sql", """
            -- why: notes to review
            -- cutover:up
            CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);
            INSERT INTO notes (id, body) VALUES (1, 'a'), (2, 'b'), (3, 'c');
            -- cutover:down
            DROP TABLE notes;
            """),
        ($"{Reviewed}_review_notes.sql", $"""
            -- why: {DashboardDatabase.Script} and {DashboardDatabase.Breakout} and {ScriptLink}
            -- test: every note shows its review state
            -- cutover:up
            ALTER TABLE notes ADD COLUMN reviewed text;
            -- cutover:allow whole-table-change notes holds three rows
            UPDATE notes SET reviewed = '{DashboardDatabase.Script}{DashboardDatabase.Breakout.Replace("'", "''", StringComparison.Ordinal)}';
            DELETE FROM notes WHERE id = 99;
            -- cutover:down
            ALTER TABLE notes DROP COLUMN reviewed;
            """),
    ];

    /// <summary>The database with the first migration applied; the second is left for the rehearsal.</summary>
    public static async Task<DashboardDatabase> CreateAsync(string engine, CancellationToken cancellationToken)
    {
        // PostgreSQL: the suite's own role, which may create the rehearsal's copy (CREATEDB).
        var connection = engine switch
        {
            "sqlite" => SqliteFiles.NewDatabase(),
            "postgres" => await PostgresServer.CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "sqlite or postgres"),
        };
        var (folder, config, migrator) = await DashboardDatabase.WriteProjectAsync(engine, connection, Migrations, "cutover-rehearsed-", cancellationToken);
        await migrator.UpAsync(new UpOptions { To = Created }, cancellationToken);
        return new DashboardDatabase(engine, connection, null, config, folder);
    }
}
