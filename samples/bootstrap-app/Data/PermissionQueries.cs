using System.Data.Common;
using Dapper;

namespace BootstrapApp.Data;

/// <summary>
/// The admin page's query. It is the same in both shapes of story #3 (the column keeps its name; only what it holds
/// changes), and it is the query contracts/admin_permissions.sql guards in rehearse.
/// </summary>
public static class PermissionQueries
{
    public const string List = "SELECT name, permissions FROM users ORDER BY id";

    public static async Task<IReadOnlyList<StoredPermissions>> ListAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<PermissionRow>(new CommandDefinition(List, cancellationToken: cancellationToken)))
            .Select(row => new StoredPermissions(row.Name, row.Permissions ?? ""))
            .ToList();

    // The query's own column names, so the contract's text stays the query the page runs.
    private sealed record PermissionRow(string Name, string? Permissions);
}
