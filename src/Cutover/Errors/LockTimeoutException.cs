namespace Cutover;

/// <summary>The migration lock was not obtained in time: another runner holds it.</summary>
public sealed class LockTimeoutException : CutoverException
{
    /// <summary>Creates the error.</summary>
    public LockTimeoutException(string lockName, TimeSpan waited, string holder, string? remedy = null)
        : base($"{lockName} not obtained within {waited.TotalSeconds:0.#} s: held by {holder}", remedy, null)
    {
        LockName = lockName;
        Waited = waited;
        Holder = holder;
    }

    /// <summary>The lock, as the provider names it (a file, an advisory lock).</summary>
    public string LockName { get; }

    /// <summary>How long Cutover waited.</summary>
    public TimeSpan Waited { get; }

    /// <summary>Who holds the lock, as far as the database can tell.</summary>
    public string Holder { get; }
}
