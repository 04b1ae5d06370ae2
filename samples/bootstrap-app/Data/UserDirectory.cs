using System.Data.Common;
using Dapper;

namespace BootstrapApp.Data;

/// <summary>What the sign-in menu and the rollout's targeting need: names and groups, which stay on users in every shape.</summary>
public static class UserDirectory
{
    public static async Task<IReadOnlyList<string>> NamesAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM users ORDER BY id", cancellationToken: cancellationToken))).AsList();

    public static Task<string?> GroupOfAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT user_group FROM users WHERE name = @name", new { name }, cancellationToken: cancellationToken));
}
