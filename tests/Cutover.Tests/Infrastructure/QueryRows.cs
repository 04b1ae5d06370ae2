using System.Globalization;

namespace Cutover.Tests.Infrastructure;

/// <summary>A query's rows as text (columns joined by |, NULL as "NULL"), for comparing what a database holds.</summary>
internal static class QueryRows
{
    public static async Task<List<string>> ReadAsync(IDatabaseProvider provider, string connection, string sql)
    {
        await using var c = await provider.OpenAsync(connection, forReading: true, CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }
}
