using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cutover;

/// <summary>
/// Who made a rehearsal's scratch copy (<c>h&lt;host&gt;p&lt;pid&gt;</c>), recorded with the copy (a side file, a database
/// comment) so that a later run can tell a copy whose maker was killed (same machine, process gone) from one still in
/// use, and drop it. A copy kept on purpose loses its record.
/// </summary>
public static partial class ScratchCopyOwner
{
    /// <summary>This process's tag: a short hash of the machine name and the process id, e.g. <c>h1a2b3cp4242</c>.</summary>
    public static string Tag { get; } = TagFor(Environment.MachineName, Environment.ProcessId);

    /// <summary>The tag of process <paramref name="pid"/> on <paramref name="machine"/>.</summary>
    public static string TagFor(string machine, int pid)
    {
        ArgumentNullException.ThrowIfNull(machine);
        // FNV-1a: stable across runs (string.GetHashCode is not), short enough for PostgreSQL's 63-byte names.
        var hash = 2166136261u;
        foreach (var c in machine.ToLowerInvariant())
            hash = (hash ^ c) * 16777619u;
        return $"h{hash & 0xFFFFFF:x6}p{pid.ToString(CultureInfo.InvariantCulture)}";
    }

    [GeneratedRegex(@"h(?<host>[0-9a-f]{6})p(?<pid>\d{1,10})")]
    private static partial Regex TagPattern();

    /// <summary>
    /// Whether the copy whose owner record is <paramref name="record"/> was made on this machine by a process that no
    /// longer runs. A record without a tag, or from another machine, is never stale: nobody here can tell whether that
    /// copy is in use.
    /// </summary>
    public static bool IsStale(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var match = TagPattern().Match(record);
        if (!match.Success || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return false;
        if (TagFor(Environment.MachineName, pid) != match.Value)
            return false;
        if (pid == Environment.ProcessId)
            return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
