using Cutover.Postgres;
using Cutover.Sqlite;

namespace Cutover.Cli;

/// <summary>The one place that maps a connection string to a provider.</summary>
internal static class ProviderFactory
{
    public static IDatabaseProvider For(string connectionString) => ConnectionKind.Detect(connectionString) switch
    {
        DatabaseKind.Postgres => new PostgresProvider(),
        _ => new SqliteProvider(),
    };
}
