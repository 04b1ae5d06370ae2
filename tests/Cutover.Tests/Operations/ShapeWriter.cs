using System.Collections.Concurrent;
using System.Data.Common;

namespace Cutover.Tests.Operations;

/// <summary>
/// One version of the application writing in its own shape on its own connection, as fast as the machine lets it,
/// until stopped: counts the statements that succeeded and keeps every failure, so a test can require zero.
/// </summary>
internal sealed class ShapeWriter
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _statements;

    private ShapeWriter(string name, Func<Task<DbConnection>> open, Func<DbConnection, int, Task> step)
    {
        Name = name;
        _loop = Task.Run(async () =>
        {
            await using var connection = await open();
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    await step(connection, i);
                    Interlocked.Increment(ref _statements);
                }
                catch (Exception e) when (e is DbException or InvalidOperationException)
                {
                    Errors.Enqueue($"{name} step {i}: {e.Message}");
                }
                // Leave the two cores to the migrator now and then.
                await Task.Delay(1);
            }
        });
    }

    public string Name { get; }

    /// <summary>Steps that succeeded so far.</summary>
    public int Statements => Volatile.Read(ref _statements);

    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Starts writing: <paramref name="open"/> gives the connection its version's shape, <paramref name="step"/> runs the i-th write.</summary>
    public static ShapeWriter Start(string name, Func<Task<DbConnection>> open, Func<DbConnection, int, Task> step) => new(name, open, step);

    /// <summary>Waits until the writer has done <paramref name="more"/> further steps (proof that it ran in the phase just past).</summary>
    public async Task AdvanceAsync(int more)
    {
        var target = Statements + more;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Statements < target && _loop is { IsCompleted: false })
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"{Name} did not advance {more} step(s) within 60 s ({Errors.Count} errors: {string.Join(" | ", Errors.Take(3))})");
            await Task.Delay(10);
        }
        await (_loop.IsCompleted ? _loop : Task.CompletedTask);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/>.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first value <paramref name="sql"/> returns on <paramref name="connection"/>.</summary>
    public static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
