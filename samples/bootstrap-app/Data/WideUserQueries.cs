using System.Data.Common;

namespace BootstrapApp.Data;

/// <summary>The old shape of story #5: every profile column on users.</summary>
public sealed class WideUserQueries : IUserQueries
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, "SELECT id, name, email, display_name, user_group, company, location FROM users ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<UserRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new UserRow(reader.Number("id"), reader.Text("name")!, reader.Text("email")!, reader.Text("display_name")!,
                reader.Text("user_group")!, reader.Text("company"), reader.Text("location")));
        return rows;
    }

    public async Task<(string Name, ProfileFields Fields)?> FindProfileAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection,
            "SELECT name, display_name, bio, location, company, website, theme FROM users WHERE id = @id", null, ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.Text("name")!, new ProfileFields(reader.Text("display_name")!, reader.Text("bio"), reader.Text("location"),
            reader.Text("company"), reader.Text("website"), reader.Text("theme")));
    }

    public async Task<bool> SaveProfileAsync(DbConnection connection, long id, ProfileFields fields, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection,
            "UPDATE users SET display_name = @display_name, bio = @bio, location = @location, company = @company, website = @website, theme = @theme WHERE id = @id",
            null, ("@display_name", fields.DisplayName), ("@bio", fields.Bio), ("@location", fields.Location), ("@company", fields.Company),
            ("@website", fields.Website), ("@theme", fields.Theme), ("@id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
