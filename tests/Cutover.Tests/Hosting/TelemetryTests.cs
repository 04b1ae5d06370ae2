using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Telemetry;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cutover.Tests.Hosting;

/// <summary>
/// The spans and instruments, collected with OpenTelemetry's in-memory exporter as an application would subscribe to them.
/// Other tests migrate in parallel on the same static source, so spans are picked by this test's trace and measurements by
/// this test's migration id (a random one).
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("Cutover.Tests.Telemetry");
    private readonly MigrationsFolder _files = new();
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly TracerProvider _tracer;
    private readonly MeterProvider _meter;

    public TelemetryTests()
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(CutoverInstrumentation.ActivitySourceName, TestSource.Name)
            .AddInMemoryExporter(_spans)
            .Build()!;
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(CutoverInstrumentation.MeterName)
            .AddInMemoryExporter(_metrics)
            .Build()!;
    }

    private static string NewId() =>
        new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(Random.Shared.Next(0, 300_000_000)).ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_run_is_traced_as_run_migration_step_and_backfill_batch_spans()
    {
        var id = NewId();
        _files.Write(id, "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3), (4), (5);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE {batch};
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder }, new SqliteProvider());

        ActivityTraceId trace;
        using (var test = TestSource.StartActivity("test"))
        {
            trace = test!.TraceId;
            await migrator.UpAsync();
        }
        _tracer.ForceFlush();

        var spans = _spans.Where(s => s.TraceId == trace && s.Source.Name == CutoverInstrumentation.ActivitySourceName).ToList();
        var run = Assert.Single(spans, s => s.OperationName == "cutover.run");
        Assert.Equal("up", run.GetTagItem("cutover.direction"));
        var migration = Assert.Single(spans, s => s.OperationName == "cutover.migration");
        Assert.Equal(run.SpanId, migration.ParentSpanId);
        Assert.Equal(id, migration.GetTagItem("cutover.migration.id"));
        Assert.Equal("roles", migration.GetTagItem("cutover.migration.name"));
        var steps = spans.Where(s => s.OperationName == "cutover.step").OrderBy(s => (int)s.GetTagItem("cutover.step.number")!).ToList();
        Assert.Equal(["up", "backfill"], steps.Select(s => s.GetTagItem("cutover.step.kind")));
        Assert.All(steps, s => Assert.Equal(migration.SpanId, s.ParentSpanId));
        var batches = spans.Where(s => s.OperationName == "cutover.backfill.batch" && s.GetTagItem("cutover.backfill.batch.rows") is not null).ToList();
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(steps[1].SpanId, b.ParentSpanId));
        Assert.Equal(5L, batches.Sum(b => Convert.ToInt64(b.GetTagItem("cutover.backfill.batch.rows"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(spans, s => Assert.NotEqual(ActivityStatusCode.Error, s.Status));
    }

    [Fact]
    public async Task A_failing_step_marks_its_spans_failed()
    {
        var id = NewId();
        _files.Write(id, "broken", "-- cutover:up\nINSERT INTO missing VALUES (1);\n");
        var migrator = new Migrator(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder }, new SqliteProvider());

        ActivityTraceId trace;
        using (var test = TestSource.StartActivity("test"))
        {
            trace = test!.TraceId;
            await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        }
        _tracer.ForceFlush();

        var spans = _spans.Where(s => s.TraceId == trace && s.Source.Name == CutoverInstrumentation.ActivitySourceName).ToList();
        Assert.Equal(["cutover.migration", "cutover.run", "cutover.step"], spans.Where(s => s.Status == ActivityStatusCode.Error).Select(s => s.OperationName).Order());
        Assert.Contains(spans.Single(s => s.OperationName == "cutover.migration").Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task Migrations_applied_step_durations_and_backfill_rows_are_measured()
    {
        var id = NewId();
        _files.Write(id, "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE {batch};
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder }, new SqliteProvider());

        await migrator.UpAsync();
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
        _meter.ForceFlush();

        Assert.Equal(1, Sum("cutover.migrations.applied", p => Tag(p, "cutover.migration.id") == id && Tag(p, "cutover.direction") == "up"));
        Assert.Equal(1, Sum("cutover.migrations.applied", p => Tag(p, "cutover.migration.id") == id && Tag(p, "cutover.direction") == "down"));
        // Two up steps and one down step, each timed.
        Assert.Equal(3, Points("cutover.step.duration", p => Tag(p, "cutover.migration.id") == id).Sum(p => p.GetHistogramCount()));
        Assert.Equal(3, Sum("cutover.backfill.rows", p => Tag(p, "cutover.backfill.id")?.Contains(id, StringComparison.Ordinal) == true));
        Assert.Equal(2, Points("cutover.backfill.batch.duration", p => Tag(p, "cutover.backfill.id")?.Contains(id, StringComparison.Ordinal) == true).Sum(p => p.GetHistogramCount()));
    }

    [Fact]
    public async Task Waiting_for_the_migration_lock_is_counted_and_timed()
    {
        _files.WriteTable(NewId(), "a");
        var db = SqliteFiles.NewDatabase();
        var provider = new SqliteProvider();
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder, LockWait = TimeSpan.FromSeconds(30) }, provider);
        await migrator.StatusAsync();
        var waits = new List<(string Instrument, double Value, bool Waited)>();
        ActivityTraceId trace = default;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CutoverInstrumentation.MeterName && instrument.Name.StartsWith("cutover.lock.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        // Measurements are taken inside the run's span, so this test's are the ones on its trace.
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) where T : struct
        {
            if (Activity.Current?.TraceId != trace)
                return;
            var waited = false;
            foreach (var tag in tags)
                waited |= tag.Key == "cutover.lock.waited" && tag.Value is true;
            lock (waits)
                waits.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), waited || instrument.Name == "cutover.lock.waits"));
        }
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();

        await using (var holder = new SqliteConnection(db))
        {
            await holder.OpenAsync();
            var held = await provider.AcquireMigrationLockAsync(holder, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None);
            using var test = TestSource.StartActivity("test");
            trace = test!.TraceId;
            var up = migrator.UpAsync();
            await Task.Delay(300);
            await held.DisposeAsync();
            await up;
        }

        Assert.Contains(waits, w => w is { Instrument: "cutover.lock.waits", Value: 1 });
        Assert.Contains(waits, w => w.Instrument == "cutover.lock.wait.duration" && w.Waited && w.Value >= 0.2);
    }

    private IEnumerable<MetricPoint> Points(string name, Func<MetricPoint, bool> where)
    {
        foreach (var metric in _metrics.Where(m => m.Name == name))
            foreach (ref readonly var point in metric.GetMetricPoints())
                if (where(point))
                    yield return point;
    }

    private long Sum(string name, Func<MetricPoint, bool> where) => Points(name, where).Sum(p => p.GetSumLong());

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key)
                return tag.Value?.ToString();
        return null;
    }

    public void Dispose()
    {
        _tracer.Dispose();
        _meter.Dispose();
        _files.Dispose();
    }
}
