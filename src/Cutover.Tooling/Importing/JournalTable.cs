using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// Reads the script names another tool journaled. The runtime knows no driver, so the table is found by trying the
/// names each engine gives it (a tool that names its table differently on SQLite and PostgreSQL gives both).
/// </summary>
internal static class JournalTable
{
    /// <summary>A way the journal may be spelled on some engine, and the query that reads it.</summary>
    /// <param name="Table">The table as messages and reports name it (unquoted).</param>
    /// <param name="Query">SELECT of the script name (first column) and, optionally, a second column that must be true for the row to count.</param>
    public sealed record Candidate(string Table, string Query);

    /// <summary>The script names of the first candidate that exists, in the table's order, and its name; null when none exists.</summary>
    public static async Task<(string Table, IReadOnlyList<string> Scripts)?> ReadAsync(DbConnection connection, IReadOnlyList<Candidate> candidates,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var candidate in candidates)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = candidate.Query;
            DbDataReader reader;
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e) when (MissingTable.IsCauseOf(e))
            {
                continue;   // not spelled this way on this engine, or never created: try the next spelling
            }
            var scripts = new List<string>();
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.IsDBNull(0))
                        continue;
                    if (reader.FieldCount > 1 && (reader.IsDBNull(1) || !Convert.ToBoolean(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)))
                        continue;
                    scripts.Add(reader.GetString(0));
                }
            }
            return (candidate.Table, scripts);
        }
        return null;
    }

    /// <summary>An identifier quoted for SQL (both engines take double quotes); refused when it holds a quote, which no journal name needs.</summary>
    public static string Quote(string identifier, string option)
    {
        if (string.IsNullOrWhiteSpace(identifier) || identifier.Contains('"', StringComparison.Ordinal))
            throw new InvalidToolInputException($"{option} {identifier}: not a table or schema name", "name the journal table or schema as the tool was configured, without quotes");
        return "\"" + identifier + "\"";
    }
}
