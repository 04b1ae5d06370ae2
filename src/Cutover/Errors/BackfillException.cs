namespace Cutover;

/// <summary>A backfill cannot be found, steered or continued; <see cref="Problem"/> says why.</summary>
public sealed class BackfillException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public BackfillException(string backfillId, BackfillProblem problem, string message, string? remedy = null, Exception? inner = null)
        : base(message, remedy, inner)
    {
        BackfillId = backfillId;
        Problem = problem;
    }

    /// <summary>The backfill (or the id asked for).</summary>
    public string BackfillId { get; }

    /// <summary>What went wrong.</summary>
    public BackfillProblem Problem { get; }
}
