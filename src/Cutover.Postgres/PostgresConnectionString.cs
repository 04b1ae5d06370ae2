using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Reads keyword connection strings and <c>postgres://user:password@host:port/db?sslmode=…</c> URIs (which
/// Npgsql does not parse), and applies Cutover's defaults.
/// </summary>
internal static class PostgresConnectionString
{
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            var text = connectionString.Trim();
            var builder = text.Contains("://", StringComparison.Ordinal) ? FromUri(text) : new NpgsqlConnectionStringBuilder(text);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString };
            if (string.IsNullOrEmpty(builder.ApplicationName))
                builder.ApplicationName = $"cutover@{Environment.MachineName}";
            // A migration statement may legitimately run for hours (an index build); Npgsql's default is 30 s.
            if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
                builder.CommandTimeout = 0;
            return builder;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            var redacted = ConnectionStrings.RedactUnparsed(connectionString);
            throw new ConnectionFailedException(redacted, $"bad PostgreSQL connection string '{redacted}': {e.Message.ReplaceLineEndings(" ")}",
                "use Host=<server>;Port=5432;Database=<name>;Username=<user> or postgres://user@host:5432/name");
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        var uri = new Uri(text);
        if (uri.Scheme is not ("postgres" or "postgresql"))
            throw new FormatException($"unsupported scheme '{uri.Scheme}'");
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
            builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
            builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                builder.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (kv[0])
            {
                case "sslmode": builder["SSL Mode"] = value; break;
                case "application_name": builder.ApplicationName = value; break;
                case "connect_timeout": builder.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new FormatException($"unsupported URI parameter '{kv[0]}' (supported: sslmode, application_name, connect_timeout)");
            }
        }
        return builder;
    }
}
