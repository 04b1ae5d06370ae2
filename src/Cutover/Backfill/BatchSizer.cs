namespace Cutover.Backfill;

/// <summary>
/// Sizes the next batch of an auto-sized backfill toward the target duration: the rate of the last batch says
/// how many keys fit in the target, and the size moves there by at most half again or half as much per
/// batch, so one slow commit or one cache-cold batch does not swing it. A fixed <c>batch=</c> never changes.
/// </summary>
internal sealed class BatchSizer(BackfillOptions options, TimeSpan target, int? fixedSize)
{
    public int First => fixedSize ?? Math.Clamp(options.InitialBatch, options.MinBatch, options.MaxBatch);

    public int Next(int current, long keysCovered, long elapsedMs)
    {
        if (fixedSize is { } size)
            return size;
        if (keysCovered < current)
            return current; // the table's last, short batch says nothing about the rate
        var ideal = current * target.TotalMilliseconds / Math.Max(1, elapsedMs);
        var gradual = Math.Clamp(ideal, current * 0.5, current * 1.5);
        return (int)Math.Clamp(gradual, options.MinBatch, options.MaxBatch);
    }
}
