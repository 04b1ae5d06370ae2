using Cutover.Backfill;
using Cutover.Configuration;
using Cutover.Sqlite;
using Cutover.Tests.Cli;
using Cutover.Tests.Files;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Configuration;

/// <summary>
/// Issue 12 item 9: settings that contradict each other are bad input before anything connects — in cutover.json with
/// the key and its line, in C# as a <see cref="ConfigurationException"/> naming the option — never an ArgumentException
/// in the middle of a migration, nor a value quietly clamped.
/// </summary>
public sealed class ConfigRangeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string PathOf => Path.Combine(_dir.Path, "cutover.json");

    [Theory]
    [InlineData("{ \"backfill\": {\n  \"minBatch\": 1000,\n  \"maxBatch\": 10 } }", 3, "'backfill.minBatch' 1000 is above 'backfill.maxBatch' 10")]
    [InlineData("{ \"backfill\": {\n  \"maxBatch\": 10 } }", 2, "'backfill.minBatch' 100 (the default) is above 'backfill.maxBatch' 10")]
    [InlineData("{ \"backfill\": {\n  \"minBatch\": 5000 } }", 2, "'backfill.minBatch' 5000 is above 'backfill.initialBatch' 1000 (the default)")]
    [InlineData("{ \"backfill\": {\n  \"initialBatch\": 50 } }", 2, "'backfill.minBatch' 100 (the default) is above 'backfill.initialBatch' 50")]
    [InlineData("{ \"backfill\": {\n  \"initialBatch\": 500000 } }", 2, "'backfill.initialBatch' 500000 is above 'backfill.maxBatch' 100000 (the default)")]
    [InlineData("{ \"lockTimeout\": {\n  \"initialMs\": 5000 } }", 2, "'lockTimeout.initialMs' 5000 is above 'lockTimeout.maxMs' 2000 (the default)")]
    [InlineData("{ \"lockTimeout\": { \"initialMs\": 500,\n  \"maxMs\": 300 } }", 2, "'lockTimeout.initialMs' 500 is above 'lockTimeout.maxMs' 300")]
    [InlineData("{ \"backfill\": {\n  \"pauseMs\": -1 } }", 2, "'backfill.pauseMs' must be 0 or more, not -1")]
    public async Task Settings_that_contradict_each_other_are_bad_input_naming_the_key_and_its_line(string json, int line, string problem)
    {
        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => CutoverConfig.LoadAsync(_dir.Write("cutover.json", json), CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal($"{PathOf}:{line}: {problem}", e.Message);
    }

    [Fact]
    public async Task The_documented_defaults_written_out_are_accepted_pause_zero_included()
    {
        var config = await CutoverConfig.LoadAsync(_dir.Write("cutover.json", """
            {
              "lockTimeout": { "initialMs": 100, "maxMs": 2000, "attempts": 10 },
              "backfill": {
                "targetBatchMs": 200, "initialBatch": 1000, "minBatch": 100, "maxBatch": 100000, "pauseMs": 0,
                "maxActiveSessions": 32, "maxReplicationLagSeconds": 10, "logEvery": 100
              }
            }
            """), CancellationToken.None);

        Assert.Equal(0, config.Backfill!.PauseMs);
        Assert.Equal(2000, config.LockTimeout!.MaxMs);
    }

    [Fact]
    public async Task Up_with_a_smallest_batch_above_the_largest_exits_2_on_the_config_line_before_connecting()
    {
        using var project = new MigrationsFolder();
        project.Write("20260101000001", "roles", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) VALUES (1), (2), (3);
            -- cutover:backfill users
            UPDATE users SET role = 'member' WHERE {batch};
            """);
        var db = Path.Combine(project.Root, "app.db");
        File.WriteAllText(Path.Combine(project.Root, "cutover.json"), "{\n  \"connection\": \"Data Source=app.db\",\n  \"backfill\": { \"minBatch\": 1000,\n    \"maxBatch\": 10 }\n}\n");

        var result = await CliRunner.RunAsync(project.Root, "up");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: {Path.Combine(project.Root, "cutover.json")}:4: 'backfill.minBatch' 1000 is above 'backfill.maxBatch' 10"], result.ErrorLines);
        Assert.False(File.Exists(db), "bad configuration created the database");
    }

    public static TheoryData<string, Func<CutoverOptions, CutoverOptions>> OutOfRange => new()
    {
        { "LockWait", o => o with { LockWait = TimeSpan.FromSeconds(-1) } },
        { "LockRetry.InitialTimeout", o => o with { LockRetry = new LockRetryPolicy { InitialTimeout = TimeSpan.FromSeconds(5) } } },
        { "LockRetry.InitialTimeout", o => o with { LockRetry = new LockRetryPolicy { InitialTimeout = TimeSpan.Zero } } },
        { "LockRetry.MaxTimeout", o => o with { LockRetry = new LockRetryPolicy { MaxTimeout = TimeSpan.FromMilliseconds(-1) } } },
        { "LockRetry.Attempts", o => o with { LockRetry = new LockRetryPolicy { Attempts = 0 } } },
        { "LockRetry.MaxSleep", o => o with { LockRetry = new LockRetryPolicy { MaxSleep = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.TargetBatchDuration", o => o with { Backfill = new BackfillOptions { TargetBatchDuration = TimeSpan.Zero } } },
        { "Backfill.MinBatch", o => o with { Backfill = new BackfillOptions { MinBatch = 0 } } },
        { "Backfill.MaxBatch", o => o with { Backfill = new BackfillOptions { MinBatch = 1000, MaxBatch = 10 } } },
        { "Backfill.InitialBatch", o => o with { Backfill = new BackfillOptions { InitialBatch = 50 } } },
        { "Backfill.InitialBatch", o => o with { Backfill = new BackfillOptions { InitialBatch = 200_000 } } },
        { "Backfill.Pause", o => o with { Backfill = new BackfillOptions { Pause = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.MaxActiveSessions", o => o with { Backfill = new BackfillOptions { MaxActiveSessions = -1 } } },
        { "Backfill.MaxReplicationLag", o => o with { Backfill = new BackfillOptions { MaxReplicationLag = TimeSpan.FromSeconds(-1) } } },
        { "Backfill.ThrottleWait", o => o with { Backfill = new BackfillOptions { ThrottleWait = TimeSpan.Zero } } },
        { "Backfill.LogEvery", o => o with { Backfill = new BackfillOptions { LogEvery = 0 } } },
        { "Backfill.YieldBatchDuration", o => o with { Backfill = new BackfillOptions { YieldBatchDuration = TimeSpan.Zero } } },
        { "Backfill.YieldPause", o => o with { Backfill = new BackfillOptions { YieldPause = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.YieldHold", o => o with { Backfill = new BackfillOptions { YieldHold = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.SlowCommit", o => o with { Backfill = new BackfillOptions { SlowCommit = TimeSpan.Zero } } },
        { "Backfill.SlowCommitFactor", o => o with { Backfill = new BackfillOptions { SlowCommitFactor = 0 } } },
        { "Backfill.LockWaitToShrink", o => o with { Backfill = new BackfillOptions { LockWaitToShrink = TimeSpan.Zero } } },
        { "Backfill.WritebackAfterKb", o => o with { Backfill = new BackfillOptions { WritebackAfterKb = -1 } } },
        { "Backfill.MaxPacingPause", o => o with { Backfill = new BackfillOptions { MaxPacingPause = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.CheckpointPause", o => o with { Backfill = new BackfillOptions { CheckpointPause = TimeSpan.FromMilliseconds(-1) } } },
        { "Backfill.Workers", o => o with { Backfill = new BackfillOptions { Workers = 0 } } },
        { "Backfill.LockRetry.InitialTimeout", o => o with { Backfill = new BackfillOptions { LockRetry = new LockRetryPolicy { InitialTimeout = TimeSpan.FromSeconds(3) } } } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void An_option_out_of_range_in_csharp_is_a_configuration_error_naming_it_before_anything_connects(string setting, Func<CutoverOptions, CutoverOptions> change)
    {
        var db = Path.Combine(_dir.Path, "app.db");
        var options = change(new CutoverOptions { ConnectionString = $"Data Source={db}", MigrationsFolder = _dir.Path });

        var e = Assert.Throws<ConfigurationException>(() => new Migrator(options, new SqliteProvider()));

        Assert.Equal(setting, e.Setting);
        Assert.StartsWith(setting + " (", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void The_default_options_are_in_range() =>
        Assert.NotNull(new Migrator(new CutoverOptions { ConnectionString = "Data Source=:memory:" }, new SqliteProvider()));

    public void Dispose() => _dir.Dispose();
}
