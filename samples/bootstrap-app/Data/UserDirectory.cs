using System.Data.Common;

namespace BootstrapApp.Data;

/// <summary>What the sign-in menu and the rollout's targeting need: names and groups, which stay on users in every shape.</summary>
public static class UserDirectory
{
    public static async Task<IReadOnlyList<string>> NamesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT name FROM users ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            names.Add(reader.GetString(0));
        return names;
    }

    public static async Task<string?> GroupOfAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT user_group FROM users WHERE name = @name", null, ("@name", name));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
