using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cutover.Hosting;

/// <summary>
/// What the Cutover health check reports for each condition it finds. The check's status is the worst of the conditions
/// present; a condition set to <see cref="HealthStatus.Healthy"/> is still listed in the result's data.
/// </summary>
public sealed record CutoverHealthCheckOptions
{
    /// <summary>Migrations not applied yet (pending or out of order): the code is ahead of the database. Default: degraded.</summary>
    public HealthStatus Pending { get; init; } = HealthStatus.Degraded;

    /// <summary>A migration or a backfill that failed, waiting for someone to repair it. Default: unhealthy.</summary>
    public HealthStatus Failed { get; init; } = HealthStatus.Unhealthy;

    /// <summary>A migration waiting for its deferred backfill, which the background worker runs. Default: healthy.</summary>
    public HealthStatus Backfilling { get; init; } = HealthStatus.Healthy;

    /// <summary>
    /// A migration whose operations are between expand and complete (both shapes live, expanding, completing or aborting):
    /// normal during a rollout, a reminder when it lasts. Default: healthy.
    /// </summary>
    public HealthStatus OperationInWindow { get; init; } = HealthStatus.Healthy;

    /// <summary>The live schema differs from the one recorded by the last migration (a change made by hand). Default: degraded.</summary>
    public HealthStatus Drift { get; init; } = HealthStatus.Degraded;

    /// <summary>
    /// Whether to compare the live schema with the recorded one; reading the schema costs more than the other checks, so a
    /// probe called every few seconds on a large schema may turn it off. Default: on.
    /// </summary>
    public bool CheckDrift { get; init; } = true;
}
