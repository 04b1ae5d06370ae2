using System.Diagnostics;
using System.Globalization;
using Cutover.Backfill;
using Cutover.Running;
using Spectre.Console;

namespace Cutover.Cli.Rendering;

/// <summary>How backfills look: one progress line, and the status table.</summary>
internal static class BackfillOutput
{
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(5);

    /// <summary>E.g. <c>users: 1,234,000 of ~10,000,000 rows (12%), 85,000 rows/s, ETA 1m43s, batch 8,000</c>.</summary>
    public static string Line(BackfillStatus s)
    {
        var total = s.TotalEstimate is { } t && t > 0 ? $" of ~{N(t)}" : "";
        var percent = s.TotalEstimate is { } e && e > 0 ? $" ({Math.Min(100, s.RowsDone * 100 / e)}%)" : "";
        var eta = s.State == BackfillStates.Done ? "done" : s.State != BackfillStates.Running ? s.State : s.Eta is { } left ? "ETA " + Duration(left) : "ETA unknown";
        return $"{s.Table}: {N(s.RowsDone)}{total} rows{percent}, {N((long)s.RowsPerSecond)} rows/s, {eta}, batch {N(s.BatchSize)}";
    }

    /// <summary>
    /// A running backfill whose checkpoint has not moved for this long (and for many times its own batch and pause)
    /// has most likely lost its runner (killed, or an `up` stopped with Ctrl+C): its state says "running" until a
    /// runner continues it, so the table says what it looks like instead of promising an ETA.
    /// </summary>
    private static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(2);

    /// <summary>Whether a running backfill's checkpoint has not moved for much longer than its batches and pauses take.</summary>
    public static bool Stalled(BackfillStatus s, DateTime now)
    {
        if (s.State != BackfillStates.Running)
            return false;
        var cycle = TimeSpan.FromMilliseconds(20.0 * (s.LastBatchMs + (s.PauseMs ?? 0)));
        return now - s.UpdatedAt > (cycle > StalledAfter ? cycle : StalledAfter);
    }

    public static void WriteTable(IAnsiConsole console, IReadOnlyList<BackfillStatus> backfills) => WriteTable(console, backfills, DateTime.UtcNow);

    public static void WriteTable(IAnsiConsole console, IReadOnlyList<BackfillStatus> backfills, DateTime now)
    {
        if (backfills.Count == 0)
        {
            console.WriteLine("no backfills");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).AddColumns("id", "table", "state", "rows done", "changed", "batches", "rows/s", "ETA", "position", "updated (UTC)", "note");
        foreach (var s in backfills)
        {
            var stalled = Stalled(s, now);
            var state = s.State switch
            {
                _ when stalled => "[yellow]stalled[/]",
                BackfillStates.Done => "[green]done[/]",
                BackfillStates.Failed or BackfillStates.Cancelled => $"[red]{s.State}[/]",
                BackfillStates.Paused => "[yellow]paused[/]",
                _ => s.State,
            };
            var done = s.TotalEstimate is { } t && t > 0 ? $"{N(s.RowsDone)} of ~{N(t)}" : N(s.RowsDone);
            table.AddRow(s.Id, Markup.Escape(s.Table), state, done, N(s.RowsChanged), N(s.Batches), N((long)s.RowsPerSecond),
                s.State != BackfillStates.Running || stalled ? "" : s.Eta is { } eta ? Duration(eta) : "unknown",
                Markup.Escape(s.PositionText ?? ""), s.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(stalled ? $"no batch for {Duration(now - s.UpdatedAt)}: its runner was stopped or killed? `cutover up` (or `backfill run` when deferred) continues it{(s.Error is null ? "" : "; " + s.Error)}" : s.Error ?? ""));
            // Each worker's range under its backfill: which keys, how far it got.
            foreach (var r in s.Ranges)
                table.AddRow($"  range {r.Worker}", Markup.Escape(r.Describe(s.KeyColumns)), r.State == BackfillStates.Done ? "[green]done[/]" : r.State == BackfillStates.Failed ? "[red]failed[/]" : r.State,
                    N(r.RowsDone), N(r.RowsChanged), N(r.Batches), N(r.ElapsedMs <= 0 ? 0 : r.RowsDone * 1000 / r.ElapsedMs), "",
                    Markup.Escape(r.PositionText ?? ""), r.UpdatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(r.Error ?? ""));
        }
        console.Write(table);
        console.WriteLine("ETA (running backfills only): the estimated rows left (the table's size when the backfill started, see estimate_method) at the average rate so far.");
    }

    /// <summary>The backfill a run event is about, and why it waits (null while batches run); null for other events.</summary>
    public static (BackfillStatus Status, string? Waiting)? Of(RunEvent e) => e switch
    {
        BackfillBatch batch => (batch.Status, null),
        BackfillWaiting wait => (wait.Status, wait.Reason),
        _ => null,
    };

    /// <summary>For logs and pipes: a backfill line every few seconds and whenever the reason to wait changes; other events are not shown.</summary>
    public static IProgress<RunEvent> ToStderr(TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? last = null;
        string? waiting = null;
        return new SyncProgress<RunEvent>(e =>
        {
            if (Of(e) is not (var status, var reason))
                return;
            var final = status.State is BackfillStates.Done or BackfillStates.Cancelled;
            if (last is null || reason != waiting || final || clock.Elapsed - last >= LineEvery)
            {
                stderr.WriteLine($"backfill {status.Id} {Line(status)}{(reason is null ? "" : " — " + reason)}");
                (last, waiting) = (clock.Elapsed, reason);
            }
        });
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))}s";
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, in order, one at a time.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
            report(value);
    }
}
