using System.Data.Common;

namespace BootstrapApp.Data;

/// <summary>The new shape of story #5: users keeps what every request needs, the profile columns live on user_profiles.</summary>
public sealed class SplitUserQueries : IUserQueries
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection,
            "SELECT u.id, u.name, u.email, u.display_name, u.user_group, p.company, p.location FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id ORDER BY u.id");
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
            "SELECT u.name, u.display_name, p.bio, p.location, p.company, p.website, p.theme FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id WHERE u.id = @id",
            null, ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.Text("name")!, new ProfileFields(reader.Text("display_name")!, reader.Text("bio"), reader.Text("location"),
            reader.Text("company"), reader.Text("website"), reader.Text("theme")));
    }

    public async Task<bool> SaveProfileAsync(DbConnection connection, long id, ProfileFields fields, CancellationToken cancellationToken)
    {
        // One transaction across both tables: while the split is expanded, a complete must land before or after this unit
        // of work, never between its halves (docs/operations.md, units of work across a split table).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Existence is asked, not read from the rows an UPDATE reports: while the split is expanded on SQLite these are
        // views written through INSTEAD OF triggers, whose writes SQLite does not count.
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM users WHERE id = @id", id, cancellationToken))
            return false;
        await using var user = Sql.Command(connection, "UPDATE users SET display_name = @display_name WHERE id = @id", transaction,
            ("@display_name", fields.DisplayName), ("@id", id));
        await user.ExecuteNonQueryAsync(cancellationToken);
        // A user created after complete by code that forgot user_profiles has no row there yet: insert it then.
        var hasProfile = await ExistsAsync(connection, transaction, "SELECT 1 FROM user_profiles WHERE user_id = @id", id, cancellationToken);
        await using var profile = Sql.Command(connection, hasProfile
                ? "UPDATE user_profiles SET bio = @bio, location = @location, company = @company, website = @website, theme = @theme WHERE user_id = @id"
                : "INSERT INTO user_profiles (user_id, bio, location, company, website, theme) VALUES (@id, @bio, @location, @company, @website, @theme)",
            transaction, ("@bio", fields.Bio), ("@location", fields.Location), ("@company", fields.Company), ("@website", fields.Website),
            ("@theme", fields.Theme), ("@id", id));
        await profile.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string sql, long id, CancellationToken cancellationToken)
    {
        await using var command = Sql.Command(connection, sql, transaction, ("@id", id));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
