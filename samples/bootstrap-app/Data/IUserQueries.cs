using System.Data.Common;

namespace BootstrapApp.Data;

/// <summary>The pages' queries against one shape of the users data (story #5: wide users, or users + user_profiles).</summary>
public interface IUserQueries
{
    Task<IReadOnlyList<UserRow>> ListAsync(DbConnection connection, CancellationToken cancellationToken);

    Task<(string Name, ProfileFields Fields)?> FindProfileAsync(DbConnection connection, long id, CancellationToken cancellationToken);

    Task<bool> SaveProfileAsync(DbConnection connection, long id, ProfileFields fields, CancellationToken cancellationToken);
}
