using Cutover.Postgres;
using Cutover.Sqlite;

namespace Cutover.Cli;

/// <summary>The one place that knows which providers the tool ships; each provider recognises its own connection strings.</summary>
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
}
