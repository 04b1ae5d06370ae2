using System.Data.Common;
using static Cutover.History.DbCommands;

namespace Cutover.Operations;

/// <summary>Runs the guards of a migration's operations before its expand is stored or started.</summary>
internal static class OperationGuards
{
    private const int Samples = 10;

    /// <exception cref="InvalidFileException">A guard found rows in the way: the message gives their count and the first keys.</exception>
    public static async Task CheckAsync(DbConnection connection, string path, IReadOnlyList<(Operation Operation, OperationGuard Guard)> guards, CancellationToken cancellationToken)
    {
        foreach (var (operation, guard) in guards)
            if (await FindAsync(connection, guard, cancellationToken).ConfigureAwait(false) is { } found)
                throw new InvalidFileException(path, operation.Line, $"{operation.Kind}: {found}", guard.Remedy);
    }

    /// <summary>What <paramref name="guard"/> finds in the way — its count, the problem and the first keys — or null when nothing.</summary>
    public static async Task<string?> FindAsync(DbConnection connection, OperationGuard guard, CancellationToken cancellationToken)
    {
        long count;
        await using (var command = Create(connection, null, $"SELECT count(*) FROM ({guard.Violations}) AS cutover_guard"))
            count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (count == 0)
            return null;
        var keys = new List<string>();
        await using (var command = Create(connection, null, $"SELECT * FROM ({guard.Violations}) AS cutover_guard LIMIT {Samples}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                keys.Add(reader.IsDBNull(0) ? "NULL" : reader.GetValue(0).ToString() ?? "");
        return $"{count} {guard.Problem} (key{(keys.Count == 1 ? "" : "s")} {string.Join(", ", keys)}{(count > keys.Count ? ", …" : "")})";
    }
}
