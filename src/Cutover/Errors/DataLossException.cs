using Cutover.Running;

namespace Cutover;

/// <summary>
/// A rollback refused before anything ran because its down steps would destroy data (<see cref="Losses"/>): rows of a
/// table they drop, or values of a column they drop. Nothing was changed; rolling back anyway is asked for explicitly
/// (<see cref="DownOptions.AcceptDataLoss"/>).
/// </summary>
public sealed class DataLossException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public DataLossException(IReadOnlyList<DataLoss> losses)
        : base(Describe(losses), "copy the data somewhere first, or accept that the rollback destroys it", null)
    {
        Losses = losses;
    }

    /// <summary>What the rollback would destroy, newest migration first.</summary>
    public IReadOnlyList<DataLoss> Losses { get; }

    private static string Describe(IReadOnlyList<DataLoss> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        const int shown = 5;
        var listed = string.Join("; ", losses.Take(shown).Select(l => $"{l.MigrationId}: {l}"));
        var more = losses.Count > shown ? $"; and {losses.Count - shown} more" : "";
        return $"rolling back would destroy data: {listed}{more}; nothing was changed";
    }
}
