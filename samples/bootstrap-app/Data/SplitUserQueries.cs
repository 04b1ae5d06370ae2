using System.Data.Common;
using Dapper;

namespace BootstrapApp.Data;

/// <summary>The new shape of story #5: users keeps what every request needs, the profile columns live on user_profiles.</summary>
public sealed class SplitUserQueries : IUserQueries
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UserRow>(new CommandDefinition(
            "SELECT u.id, u.name, u.email, u.display_name AS DisplayName, u.user_group AS \"Group\", p.company, p.location FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id ORDER BY u.id",
            cancellationToken: cancellationToken))).AsList();

    public async Task<(string Name, ProfileFields Fields)?> FindProfileAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(
            "SELECT u.name, u.display_name AS DisplayName, p.bio, p.location, p.company, p.website, p.theme FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id WHERE u.id = @id",
            new { id }, cancellationToken: cancellationToken)))?.ToProfile();

    public async Task<bool> SaveProfileAsync(DbConnection connection, long id, ProfileFields fields, CancellationToken cancellationToken)
    {
        // One transaction across both tables: while the split is expanded, a complete must land before or after this unit
        // of work, never between its halves (docs/operations.md, units of work across a split table).
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Existence is asked, not read from the rows an UPDATE reports: while the split is expanded on SQLite these are
        // views written through INSTEAD OF triggers, whose writes SQLite does not count.
        if (!await ExistsAsync(connection, transaction, "SELECT 1 FROM users WHERE id = @id", id, cancellationToken))
            return false;
        var parameters = ProfileRow.Parameters(id, fields);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE users SET display_name = @DisplayName WHERE id = @id",
            parameters, transaction, cancellationToken: cancellationToken));
        // A user created after complete by code that forgot user_profiles has no row there yet: insert it then.
        var hasProfile = await ExistsAsync(connection, transaction, "SELECT 1 FROM user_profiles WHERE user_id = @id", id, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(hasProfile
                ? "UPDATE user_profiles SET bio = @Bio, location = @Location, company = @Company, website = @Website, theme = @Theme WHERE user_id = @id"
                : "INSERT INTO user_profiles (user_id, bio, location, company, website, theme) VALUES (@id, @Bio, @Location, @Company, @Website, @Theme)",
            parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string sql, long id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync(new CommandDefinition(sql, new { id }, transaction, cancellationToken: cancellationToken)) is not null;
}
