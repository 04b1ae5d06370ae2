using System.Data.Common;

namespace Cutover.History;

/// <summary>A statement and its parameters, to be run alone or in a batch.</summary>
internal sealed record SqlCommandText(string Sql, params (string Name, object? Value)[] Parameters);

/// <summary>Small ADO.NET conveniences shared by the history, the audit log and the runner.</summary>
internal static class DbCommands
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs several parameterised statements as one command — one round trip on both providers, which
    /// matters when a run records hundreds of migrations. Parameter names must be distinct.
    /// </summary>
    public static async Task ExecuteBatchAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<SqlCommandText> commands, CancellationToken cancellationToken)
    {
        var list = commands.ToList();
        await ExecuteAsync(connection, transaction, string.Join(";\n", list.Select(c => c.Sql)), cancellationToken,
            list.SelectMany(c => c.Parameters).ToArray()).ConfigureAwait(false);
    }

    /// <summary>Whether a table exists, asked in a way every database understands and that writes nothing.</summary>
    public static async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Create(connection, null, $"SELECT 1 FROM {table} WHERE 1 = 0");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    public static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a UTC timestamp whether the database returns a DateTime or ISO text (SQLite).</summary>
    public static DateTime UtcDateTime(DbDataReader reader, int ordinal)
    {
        var value = reader.GetDateTime(ordinal);
        return value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc);
    }
}
