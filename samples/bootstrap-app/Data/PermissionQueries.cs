using System.Data.Common;

namespace BootstrapApp.Data;

/// <summary>
/// The admin page's query. It is the same in both shapes of story #3 (the column keeps its name; only what it holds
/// changes), and it is the query contracts/admin_permissions.sql guards in rehearse.
/// </summary>
public static class PermissionQueries
{
    public const string List = "SELECT name, permissions FROM users ORDER BY id";

    public static async Task<IReadOnlyList<StoredPermissions>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, List);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<StoredPermissions>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new StoredPermissions(reader.Text("name")!, reader.Text("permissions") ?? ""));
        return rows;
    }
}
