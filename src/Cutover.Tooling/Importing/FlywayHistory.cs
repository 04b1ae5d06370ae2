using System.Data.Common;

namespace Cutover.Importing;

/// <summary>
/// What Flyway applied to a database, from its <c>flyway_schema_history</c> table, and the Cutover baseline that stands
/// for it: the imported migration of the newest applied version.
/// </summary>
public static class FlywayHistory
{
    /// <summary>Flyway's table, looked up unqualified (PostgreSQL: through the search_path, where Flyway put it by default).</summary>
    public const string Table = "flyway_schema_history";

    /// <summary>
    /// The versions Flyway applied and did not undo, by <c>installed_rank</c>; null when the database has no Flyway history.
    /// </summary>
    /// <exception cref="InvalidToolInputException">A migration failed and was not repaired: the database is not at any version.</exception>
    public static async Task<IReadOnlyList<FlywayApplied>?> AppliedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT installed_rank, version, type, success FROM {Table} ORDER BY installed_rank";
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (MissingTable.IsCauseOf(e))
        {
            // No table: never migrated by Flyway.
            return null;
        }
        var applied = new List<FlywayApplied>();
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (reader.IsDBNull(1) || FlywayVersionComparer.Parse(reader.GetString(1)) is not { } parts)
                    continue;   // repeatable scripts and the schema-creation marker have no version
                var rank = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
                var version = reader.GetString(1);
                var type = reader.GetString(2);
                if (!Convert.ToBoolean(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture))
                    throw new InvalidToolInputException($"{Table}: version {version} failed (installed_rank {rank}), so the database is at no version",
                        "fix it and run `flyway repair` (or finish it with Flyway), then import again");
                applied.RemoveAll(v => FlywayVersionComparer.Instance.Compare(v.Parts, parts) == 0);
                // UNDO_SQL and DELETE (a repair's marker of a removed migration) take a version back out.
                if (type is not ("UNDO_SQL" or "DELETE"))
                    applied.Add(new FlywayApplied(version, parts, type.Contains("BASELINE", StringComparison.Ordinal)));
            }
        }
        return applied;
    }

    /// <summary>
    /// The imported migration to baseline at so that exactly what Flyway applied counts as applied, or null when it
    /// applied nothing the files hold.
    /// </summary>
    /// <exception cref="InvalidToolInputException">The history and the files disagree: a version applied without a file, or a file below the newest applied version that was never applied.</exception>
    public static ImportedMigration? BaselineFor(FlywayImportReport import, IReadOnlyList<FlywayApplied> applied)
    {
        ArgumentNullException.ThrowIfNull(import);
        ArgumentNullException.ThrowIfNull(applied);
        if (applied.Count == 0)
            return null;
        var compare = FlywayVersionComparer.Instance;
        var files = import.Imported.Select(m => (Migration: m, Parts: FlywayVersionComparer.Parse(m.Version)!)).ToList();
        foreach (var version in applied.Where(v => !v.IsBaseline && !files.Any(f => compare.Compare(f.Parts, v.Parts) == 0)))
            throw new InvalidToolInputException($"{Table}: version {version.Version} was applied, but the folder has no V{version.Version}__….sql",
                "import the folder that holds every migration Flyway applied");
        // Flyway's own baseline stands for every version up to it, with or without files.
        var baselined = applied.Where(v => v.IsBaseline).Select(v => v.Parts).DefaultIfEmpty(null).Max(compare);
        var newest = applied.Select(v => v.Parts).Max(compare);
        var covered = files.Where(f => compare.Compare(f.Parts, newest) <= 0).ToList();
        foreach (var (migration, parts) in covered)
        {
            if (compare.Compare(parts, baselined) > 0 && !applied.Any(v => compare.Compare(v.Parts, parts) == 0))
                throw new InvalidToolInputException(
                    $"{Table}: version {migration.Version} ({migration.FlywayFile}) is older than the newest applied version, but was never applied",
                    "apply it with Flyway (flyway migrate -outOfOrder=true) or remove it, then import again: a baseline would count it as applied");
        }
        return covered.Count == 0 ? null : covered[^1].Migration;
    }
}

/// <summary>A version Flyway applied.</summary>
/// <param name="Version">As written in the history.</param>
/// <param name="Parts">Its numbers.</param>
/// <param name="IsBaseline">A <c>flyway baseline</c> row: it stands for every version up to it, whatever files exist.</param>
public sealed record FlywayApplied(string Version, IReadOnlyList<long> Parts, bool IsBaseline);
