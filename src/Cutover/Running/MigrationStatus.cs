namespace Cutover.Running;

/// <summary>Where one migration stands: one line of a status report.</summary>
/// <param name="Id">The 14-digit id.</param>
/// <param name="Name">The slug.</param>
/// <param name="State">Where it stands.</param>
/// <param name="AppliedAt">When it was applied (UTC), when it was.</param>
/// <param name="AppliedBy">Who applied it, when it was.</param>
/// <param name="DurationMs">How long applying took, when it was.</param>
/// <param name="Detail">For failed, interrupted or changed migrations: what happened and where.</param>
/// <param name="Phase">For a migration that declares operations: expanding, expanded, completing, completed or aborting.</param>
/// <param name="Rollout">For a migration whose operations are rolled out: who gets the new shape.</param>
/// <param name="Verification">For a migration whose operations were verified: the last verification.</param>
public sealed record MigrationStatus(
    string Id,
    string Name,
    MigrationState State,
    DateTime? AppliedAt,
    string? AppliedBy,
    long? DurationMs,
    string? Detail,
    string? Phase = null,
    Rollouts.RolloutState? Rollout = null,
    Operations.LastVerification? Verification = null);

/// <summary>The answer of <see cref="Migrator.StatusAsync"/>.</summary>
/// <param name="Provider">The provider's short name.</param>
/// <param name="Database">The connection string with secrets removed.</param>
/// <param name="Migrations">Every migration known from files or history, by id.</param>
public sealed record StatusReport(string Provider, string Database, IReadOnlyList<MigrationStatus> Migrations)
{
    /// <summary>How many migrations are in the given state.</summary>
    public int Count(MigrationState state) => Migrations.Count(m => m.State == state);
}
