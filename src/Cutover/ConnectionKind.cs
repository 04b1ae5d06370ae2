using System.Text.RegularExpressions;

namespace Cutover;

/// <summary>The databases Cutover can tell apart from a connection string.</summary>
public enum DatabaseKind
{
    /// <summary>SQLite: <c>Data Source=app.db</c>.</summary>
    Sqlite,
    /// <summary>PostgreSQL: <c>Host=…;Database=…</c> or a <c>postgres://</c> URI.</summary>
    Postgres,
}

/// <summary>Chooses the database from a connection string, without any driver.</summary>
public static partial class ConnectionKind
{
    private static readonly string[] PostgresKeys = ["host", "server", "port", "username", "user id", "database"];
    private static readonly string[] SqliteKeys = ["data source", "datasource", "filename"];

    [GeneratedRegex(@"(?i)(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;]*)")]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"(?i)^(postgres(ql)?://[^:/@]*:)[^@]*@")]
    private static partial Regex UriPassword();

    /// <summary>
    /// <c>Data Source=</c> / <c>DataSource=</c> / <c>Filename=</c> is SQLite; <c>Host=</c> / <c>Server=</c> or a
    /// <c>postgres://</c> URI is PostgreSQL. Anything else is bad input.
    /// </summary>
    public static DatabaseKind Detect(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var text = connectionString.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return DatabaseKind.Postgres;
        var keys = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToList();
        if (keys.Any(SqliteKeys.Contains))
            return DatabaseKind.Sqlite;
        if (keys.Any(PostgresKeys.Contains))
            return DatabaseKind.Postgres;
        throw CutoverException.BadInput($"cannot tell the database from the connection string '{RedactUnparsed(text)}'",
            "use Data Source=<file> for SQLite, or Host=<server>;Database=<name> for PostgreSQL");
    }

    /// <summary>Removes password values from a connection string no driver could parse, for printing it.</summary>
    public static string RedactUnparsed(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return UriPassword().Replace(PasswordPair().Replace(connectionString, "$1=***"), "$1***@");
    }
}
