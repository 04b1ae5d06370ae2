namespace Cutover.Rollouts;

/// <summary>Where a migration stands for an application that chooses between its old and new shape.</summary>
public enum ShapeWindow
{
    /// <summary>Not applied, failed, rolled back or still expanding: only the old shape exists for it.</summary>
    NotOpen,

    /// <summary>Expanded: both shapes are live, and its rollout says who gets the new one.</summary>
    Open,

    /// <summary>Applied without operations, completed, or being completed: the tables have the new shape, for everyone.</summary>
    Completed,
}

/// <summary>
/// What an application needs, read in one go, to give a request the shape of one migration: the window it is in, its
/// rollout while open, and the statements that give a connection the new shape of every expanded migration up to it.
/// </summary>
/// <param name="MigrationId">The migration the application's new version is written for.</param>
/// <param name="Window">Which shapes exist.</param>
/// <param name="Rollout">Who gets the new shape while <see cref="Window"/> is open; null when no rollout was set (nobody).</param>
/// <param name="NewShapeStatements">
/// Run on a connection to see the new shape (see <see cref="Migrator.NewShapeStatementsAsync"/>): of this migration while
/// its window is open, and of earlier migrations still in theirs; empty when the window is not open yet.
/// </param>
/// <param name="ReadAt">When it was read (UTC).</param>
public sealed record ShapeSnapshot(string MigrationId, ShapeWindow Window, RolloutState? Rollout, IReadOnlyList<string> NewShapeStatements, DateTime ReadAt);
