
namespace Cutover.Tests.Browser.BootstrapApp;

/// <summary>What the users page must show for one user, read from the database itself.</summary>
internal sealed record ExpectedUser(long Id, string Name, string Email, string DisplayName, string Group, string Company, string Location)
{
    /// <summary>
    /// Every user as the database holds it: before story #5 is completed the profile columns are in users (the table, seen
    /// through a plain connection: the old shape), afterwards in user_profiles.
    /// </summary>
    public static async Task<IReadOnlyList<ExpectedUser>> ReadAllAsync(IDatabaseProvider provider, string connectionString, bool split, CancellationToken cancellationToken)
    {
        await using var connection = await provider.OpenAsync(connectionString, forReading: true, cancellationToken);
        await using var command = connection.CreateCommand();
        // SELECT *: a column a migration dropped reads as empty, so the pages are what is checked, not this query.
        command.CommandText = split
            ? "SELECT * FROM users u JOIN user_profiles p ON p.user_id = u.id ORDER BY u.id"
            : "SELECT * FROM users ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var users = new List<ExpectedUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            string Text(string column) => columns.IndexOf(column) is var i and >= 0 && !reader.IsDBNull(i) ? Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)! : "";
            users.Add(new ExpectedUser(long.Parse(Text("id"), System.Globalization.CultureInfo.InvariantCulture), Text("name"), Text("email"), Text("display_name"),
                Text("user_group"), Text("company"), Text("location")));
        }
        return users;
    }
}
