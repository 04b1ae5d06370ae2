using Cutover.Checking.Lint;

namespace Cutover.Rehearsal;

/// <summary>Rehearsal as a call on a <see cref="Migrator"/>, for code that already has one.</summary>
public static class MigratorRehearsalExtensions
{
    /// <summary>
    /// Rehearses <paramref name="migrator"/>'s pending migrations, judging them with <paramref name="lint"/> (the engine's
    /// rules, e.g. <c>new PostgresLint()</c>) for the one-pagers; see <see cref="Rehearser.RehearseAsync"/>.
    /// </summary>
    public static Task<RehearsalReport> RehearseAsync(
        this Migrator migrator, RehearsalOptions options, IEngineLint lint, IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(migrator);
        return new Rehearser(migrator.Options, migrator.Provider, lint).RehearseAsync(options, progress, cancellationToken);
    }
}
