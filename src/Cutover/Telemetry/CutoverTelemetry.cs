using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cutover.Workflows;

namespace Cutover.Telemetry;

/// <summary>
/// Cutover's spans and instruments. Static, like the sources of the BCL and of Npgsql: an ActivitySource and a Meter cost
/// nothing until something listens, and a <see cref="Migrator"/> is often created without a service provider that could
/// hand it an IMeterFactory. Only System.Diagnostics: the runtime takes no OpenTelemetry dependency.
/// </summary>
internal static class CutoverTelemetry
{
    public static readonly ActivitySource Source = new(CutoverInstrumentation.ActivitySourceName, MigratorContext.ToolVersion);

    private static readonly Meter Meter = new(CutoverInstrumentation.MeterName, MigratorContext.ToolVersion);

    private static readonly Counter<long> MigrationsApplied = Meter.CreateCounter<long>(
        "cutover.migrations.applied", "{migration}", "Migrations applied (or rolled back, by cutover.direction).");

    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(
        "cutover.step.duration", "s", "How long a step of a migration took, its lock retries included.");

    private static readonly Counter<long> LockWaits = Meter.CreateCounter<long>(
        "cutover.lock.waits", "{wait}", "Times a runner found the migration lock held by another and waited for it.");

    private static readonly Histogram<double> LockWaitDuration = Meter.CreateHistogram<double>(
        "cutover.lock.wait.duration", "s", "How long taking the migration lock took.");

    private static readonly Counter<long> LockRetries = Meter.CreateCounter<long>(
        "cutover.lock.retries", "{retry}", "Statements or backfill batches retried after their lock_timeout expired.");

    private static readonly Counter<long> BackfillRows = Meter.CreateCounter<long>(
        "cutover.backfill.rows", "{row}", "Rows a backfill walked; its rate is the backfill's rows per second.");

    private static readonly Histogram<double> BackfillBatchDuration = Meter.CreateHistogram<double>(
        "cutover.backfill.batch.duration", "s", "How long one backfill batch took, in its transaction.");

    public const string Direction = "cutover.direction";
    public const string MigrationId = "cutover.migration.id";
    public const string MigrationName = "cutover.migration.name";
    public const string StepNumber = "cutover.step.number";
    public const string StepKind = "cutover.step.kind";
    public const string BackfillId = "cutover.backfill.id";
    public const string BatchRows = "cutover.backfill.batch.rows";
    public const string LockScope = "cutover.lock.scope";

    /// <summary>Runs <paramref name="work"/> inside a span that is marked failed (with the exception) when it throws.</summary>
    public static async Task<T> InSpanAsync<T>(string name, ActivityTagsCollection tags, Func<Activity?, Task<T>> work)
    {
        using var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default, tags);
        try
        {
            return await work(activity).ConfigureAwait(false);
        }
        catch (Exception e) when (Failed(activity, e))
        {
            throw;
        }
    }

    /// <summary>A run of <c>up</c> or <c>down</c> in its <c>cutover.run</c> span, tagged with how many migrations it ran.</summary>
    public static Task<Running.RunResult> InRunSpanAsync(string direction, Func<Task<Running.RunResult>> run) =>
        InSpanAsync("cutover.run", new() { [Direction] = direction }, async activity =>
        {
            var result = await run().ConfigureAwait(false);
            activity?.SetTag("cutover.migrations.count", result.Migrations.Count);
            return result;
        });

    /// <summary>Marks <paramref name="activity"/> failed; always false, so that it can filter an exception without catching it.</summary>
    public static bool Failed(Activity? activity, Exception e)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, e.Message);
            activity.AddException(e);
        }
        return false;
    }

    public static void MigrationDone(string id, string direction) =>
        MigrationsApplied.Add(1, new(MigrationId, id), new(Direction, direction));

    public static void StepDone(string migrationId, string kind, TimeSpan elapsed, string outcome) =>
        StepDuration.Record(elapsed.TotalSeconds, new(MigrationId, migrationId), new(StepKind, kind), new("cutover.outcome", outcome));

    public static void LockTaken(TimeSpan elapsed, bool waitedForAnother)
    {
        LockWaitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("cutover.lock.waited", waitedForAnother));
        if (waitedForAnother)
            LockWaits.Add(1);
    }

    public static void LockRetried(string scope) => LockRetries.Add(1, new KeyValuePair<string, object?>(LockScope, scope));

    public static void BatchDone(string backfillId, long rows, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>(BackfillId, backfillId);
        BackfillRows.Add(rows, tag);
        BackfillBatchDuration.Record(elapsed.TotalSeconds, tag);
    }
}
