using Cutover.Checking.Lint;
using Cutover.Postgres;
using Cutover.Postgres.Tooling;
using Cutover.Sql;
using Cutover.Sqlite;
using Cutover.Sqlite.Tooling;

namespace Cutover.Cli;

/// <summary>
/// The one place that knows which providers the tool ships and the lint rules of each; each provider recognises its
/// own connection strings.
/// </summary>
internal static class ProviderFactory
{
    /// <summary>In the order they are asked: a SQLite file key wins over server keys, as it always has.</summary>
    private static readonly Func<IDatabaseProvider>[] Providers = [() => new SqliteProvider(), () => new PostgresProvider()];

    public static IDatabaseProvider For(string connectionString)
    {
        var redacted = ConnectionStrings.RedactUnparsed(connectionString.Trim());
        return Providers.Select(create => create()).FirstOrDefault(p => p.Accepts(connectionString))
            ?? throw new ConnectionFailedException(redacted, $"cannot tell the database from the connection string '{redacted}'",
                "use Data Source=<file> for SQLite, or Host=<server>;Database=<name> for PostgreSQL");
    }

    /// <summary>
    /// The lint for <paramref name="dialect"/>'s engine (<paramref name="sqliteVersion"/>: the SQLite the migrations run
    /// on), knowing the other engines' rule ids so an allow naming one is not taken for a typo.
    /// </summary>
    public static LintOptions LintFor(SqlDialect dialect, Version? sqliteVersion = null)
    {
        IEngineLint engine = dialect == SqlDialect.Postgres ? new PostgresLint() : new SqliteLint(sqliteVersion);
        return new LintOptions(dialect, engine)
        {
            OtherEnginesRuleIds = PostgresLintRules.All.Concat(SqliteLintRules.All).Except(engine.Rules).Select(r => r.Id).ToList(),
        };
    }
}
