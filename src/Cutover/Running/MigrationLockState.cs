namespace Cutover.Running;

/// <summary>Whether a runner holds the migration lock now, as <see cref="Migrator.MigrationLockAsync"/> read it.</summary>
/// <param name="Known">False when the provider cannot tell (it has no <see cref="IMigrationLockInspection"/>).</param>
/// <param name="Holder">Who holds it (a process, user@host or application, client and since when), or null when nobody does.</param>
public sealed record MigrationLockState(bool Known, string? Holder)
{
    /// <summary>A runner holds the lock: a migration, rollback, complete or backfill may be running.</summary>
    public bool Held => Holder is not null;
}
