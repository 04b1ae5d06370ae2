namespace Cutover.Operations;

/// <summary>A completed operation migration whose archive tables are still kept (<see cref="Migrator.ArchivesAsync"/>).</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Name">Its name.</param>
/// <param name="Tables">Its archive tables, quoted as they are written in SQL.</param>
/// <param name="CompletedAt">When its operations were completed (UTC).</param>
/// <param name="RetainUntil">Until when the archives are kept (UTC): <see cref="CutoverOptions.ArchiveRetention"/> after the complete.</param>
/// <param name="Expired">Whether <paramref name="RetainUntil"/> had passed when this was read: the migration can no longer be undone, and a purge drops these tables.</param>
public sealed record ArchivedMigration(string MigrationId, string Name, IReadOnlyList<string> Tables, DateTime CompletedAt, DateTime RetainUntil, bool Expired);

/// <summary>The archive tables <see cref="Migrator.PurgeArchivesAsync"/> dropped for one migration.</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Tables">The archive tables dropped, quoted as they are written in SQL.</param>
/// <param name="RetainedUntil">The end of their retention window (UTC), which had passed.</param>
public sealed record PurgedArchives(string MigrationId, IReadOnlyList<string> Tables, DateTime RetainedUntil);
