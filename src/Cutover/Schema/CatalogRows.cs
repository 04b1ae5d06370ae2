using System.Data.Common;

namespace Cutover.Schema;

/// <summary>For providers and the engine reading catalogs to build models: a result read whole, values boxed.</summary>
public static class CatalogRows
{
    /// <summary>Every row of the reader's current result, values boxed (NULL as null).</summary>
    public static async Task<List<object?[]>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
