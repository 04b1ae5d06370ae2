namespace Cutover.Operations;

/// <summary>
/// The last verification of a migration's operations (<see cref="Migrator.VerifyAsync"/>), as stored: what
/// <see cref="Migrator.CompleteAsync"/> checks before it runs.
/// </summary>
/// <param name="At">When it ran (UTC).</param>
/// <param name="Rows">How many rows it compared.</param>
/// <param name="Mismatches">How many rows the two shapes disagreed on.</param>
/// <param name="Detail">Its samples of mismatching rows, or null when it found none.</param>
public sealed record LastVerification(DateTime At, long Rows, long Mismatches, string? Detail)
{
    /// <summary>Whether both shapes agreed on every row.</summary>
    public bool Clean => Mismatches == 0;
}
