using System.Reflection;
using System.Text.RegularExpressions;
using Cutover.Logging;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.Logging;

namespace Cutover.Tests.Hosting;

/// <summary>Every log event of the runtime carries its own EventId, so an application can filter and alert on one.</summary>
public sealed partial class LogEventIdTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public void Every_event_has_a_distinct_non_zero_id()
    {
        var ids = typeof(CutoverLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.DoesNotContain(0, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [GeneratedRegex(@"\.Log(Trace|Debug|Information|Warning|Error|Critical)?\(")]
    private static partial Regex DirectLogCall();

    [Fact]
    public void The_runtime_logs_only_through_its_event_list()
    {
        var runtime = Path.Combine(RepositoryFolder.Root(), "src", "Cutover");
        var direct = Directory.EnumerateFiles(runtime, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(runtime, f), Line: i + 1, Text: line)))
            .Where(l => DirectLogCall().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(direct);
    }

    [Fact]
    public async Task A_run_logs_events_that_all_carry_an_id()
    {
        _files.Write("20260101000001", "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3);
            -- cutover:backfill users batch=2
            UPDATE users SET role = 'member' WHERE {batch};
            -- cutover:down
            DROP TABLE users;
            """);
        var logger = new RecordingLogger<Migrator>();
        var migrator = new Migrator(new CutoverOptions { ConnectionString = SqliteFiles.NewDatabase(), MigrationsFolder = _files.Folder }, new SqliteProvider(), logger);

        await migrator.UpAsync();
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.NotEmpty(logger.EventIds);
        Assert.DoesNotContain(logger.EventIds, id => id.Id == 0);
        Assert.Contains(logger.EventIds, id => id.Id == 1102 && id.Name == nameof(CutoverLog.Applying));
    }

    public void Dispose() => _files.Dispose();
}
