namespace Cutover.Running;

/// <summary>
/// Reports on the caller's thread, as it happens. <see cref="Progress{T}"/> would post each report to the thread
/// pool instead, where it can arrive out of order or after the operation (and its output) has ended.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
