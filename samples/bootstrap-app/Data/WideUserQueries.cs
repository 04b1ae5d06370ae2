using System.Data.Common;
using Dapper;

namespace BootstrapApp.Data;

/// <summary>The old shape of story #5: every profile column on users.</summary>
public sealed class WideUserQueries : IUserQueries
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UserRow>(new CommandDefinition(
            "SELECT id, name, email, display_name AS DisplayName, user_group AS \"Group\", company, location FROM users ORDER BY id",
            cancellationToken: cancellationToken))).AsList();

    public async Task<(string Name, ProfileFields Fields)?> FindProfileAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        (await connection.QuerySingleOrDefaultAsync<ProfileRow>(new CommandDefinition(
            "SELECT name, display_name AS DisplayName, bio, location, company, website, theme FROM users WHERE id = @id",
            new { id }, cancellationToken: cancellationToken)))?.ToProfile();

    public async Task<bool> SaveProfileAsync(DbConnection connection, long id, ProfileFields fields, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET display_name = @DisplayName, bio = @Bio, location = @Location, company = @Company, website = @Website, theme = @Theme WHERE id = @id",
            ProfileRow.Parameters(id, fields), cancellationToken: cancellationToken)) == 1;
}
