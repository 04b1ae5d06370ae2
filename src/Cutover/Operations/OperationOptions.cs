namespace Cutover.Operations;

/// <summary>How <see cref="Migrator.CompleteAsync"/> runs.</summary>
public sealed record CompleteOptions
{
    /// <summary>
    /// Complete without a clean verification newer than the last backfill batch, or before the rollout has soaked at
    /// 100%; needs <see cref="Reason"/>, which the audit log keeps.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>Why a forced complete is safe.</summary>
    public string? Reason { get; init; }

    /// <summary>Receives progress events.</summary>
    public IProgress<RunEvent>? Progress { get; init; }
}

/// <summary>How <see cref="Migrator.AbortAsync(string, AbortOptions, CancellationToken)"/> runs.</summary>
public sealed record AbortOptions
{
    /// <summary>Abort while users are still rolled out to the new shape; needs <see cref="Reason"/>, which the audit log keeps.</summary>
    public bool Force { get; init; }

    /// <summary>Why a forced abort is safe.</summary>
    public string? Reason { get; init; }

    /// <summary>Receives progress events.</summary>
    public IProgress<RunEvent>? Progress { get; init; }
}

/// <summary>How <see cref="Migrator.VerifyAsync"/> compares the two shapes.</summary>
public sealed record VerifyOptions
{
    /// <summary>Re-derive the new shape of every mismatching row from the old one (the old shape wins), batch by batch.</summary>
    public bool Repair { get; init; }

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>A pause after each batch, so that a verification of a large table yields to the application.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.Zero;

    /// <summary>How many mismatching keys to list.</summary>
    public int SampleSize { get; init; } = 20;
}

/// <summary>The answer of <see cref="Migrator.VerifyAsync"/>.</summary>
/// <param name="MigrationId">The migration verified.</param>
/// <param name="Rows">Rows compared.</param>
/// <param name="Mismatches">Rows whose two shapes disagree.</param>
/// <param name="Repaired">Rows re-derived (with <see cref="VerifyOptions.Repair"/>).</param>
/// <param name="Samples">The first mismatching rows, as <c>table key</c>.</param>
/// <param name="At">When it finished (UTC).</param>
/// <param name="ElapsedMs">How long it took.</param>
public sealed record OperationVerification(string MigrationId, long Rows, long Mismatches, long Repaired, IReadOnlyList<string> Samples, DateTime At, long ElapsedMs)
{
    /// <summary>Whether both shapes agree on every row.</summary>
    public bool Clean => Mismatches == 0;
}
