using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// What EF Core applied to a database, from its <c>__EFMigrationsHistory</c> table, and the Cutover baseline that stands
/// for it: the imported migration of the newest applied id.
/// </summary>
public static class EfCoreHistory
{
    /// <summary>EF Core's table, looked up unqualified (PostgreSQL: through the search_path, where EF Core puts it by default).</summary>
    public const string Table = "__EFMigrationsHistory";

    /// <summary>The migrations EF Core applied, by id (EF Core's order); null when the database has no EF Core history.</summary>
    public static async Task<IReadOnlyList<EfCoreApplied>?> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"MigrationId\", \"ProductVersion\" FROM \"{Table}\"";
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (MissingTable.IsCauseOf(e))
        {
            // No table: never migrated by EF Core.
            return null;
        }
        var applied = new List<EfCoreApplied>();
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                applied.Add(new EfCoreApplied(reader.GetString(0), reader.GetString(1)));
        }
        // EF Core orders migrations by id, ordinally; so does its history.
        return applied.OrderBy(a => a.MigrationId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The imported migration to baseline at so that exactly what EF Core applied counts as applied, or null when it
    /// applied none.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The applied ids are not the first migrations of the project: one was applied that the project does not have, or one was skipped.</exception>
    public static EfCoreImportedMigration? BaselineFor(EfCoreImportReport import, IReadOnlyList<EfCoreApplied> applied)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(applied);
        for (var i = 0; i < applied.Count; i++)
        {
            var id = applied[i].MigrationId;
            if (!import.Imported.Any(m => m.EfCoreId == id))
                throw new InvalidToolInputException($"{Table}: {id} was applied, but the project has no such migration",
                    "import the project (and branch) that holds every migration applied to this database, or delete that row if the migration was undone by hand");
            if (import.Imported[i].EfCoreId != id)
                throw new InvalidToolInputException(
                    $"{Table}: {import.Imported[i].EfCoreId} is older than the newest applied migration ({applied[^1].MigrationId}), but was never applied",
                    "apply it with `dotnet ef database update` or remove it from the project, then import again: a baseline would count it as applied");
        }
        return applied.Count == 0 ? null : import.Imported[applied.Count - 1];
    }
}

/// <summary>A row of <c>__EFMigrationsHistory</c>.</summary>
/// <param name="MigrationId">EF Core's id of the migration.</param>
/// <param name="ProductVersion">The EF Core version that applied it.</param>
public sealed record EfCoreApplied(string MigrationId, string ProductVersion);
