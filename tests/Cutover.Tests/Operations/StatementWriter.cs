using System.Data.Common;

namespace Cutover.Tests.Operations;

/// <summary>
/// One application connection writing in a loop (INSERT, UPDATE, DELETE, chosen by the statement source) until stopped,
/// counting the statements that ran and the ones that failed: the proof that both shapes stayed writable throughout.
/// </summary>
internal sealed class StatementWriter : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly Func<int, Random, string> _next;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _errors = [];
    private Task? _loop;
    private long _statements;

    public StatementWriter(string name, DbConnection connection, Func<int, Random, string> next)
    {
        Name = name;
        _connection = connection;
        _next = next;
    }

    public string Name { get; }

    /// <summary>Statements that ran without an error.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    /// <summary>Statements the database refused, with the first few errors for the failure message.</summary>
    public int Failures { get { lock (_errors) return _errors.Count; } }

    public string Errors { get { lock (_errors) return string.Join("\n", _errors.Take(5)); } }

    public void Start(int seed) => _loop = Task.Run(() => LoopAsync(seed));

    private async Task LoopAsync(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var sql = _next(n, random);
            try
            {
                await using var command = _connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
                Interlocked.Increment(ref _statements);
            }
            catch (DbException e)
            {
                lock (_errors)
                    _errors.Add($"{Name}: {sql}: {e.Message}");
            }
            // A short breath so the migrator and the other writer get the database too (SQLite has one writer at a time).
            await Task.Delay(1);
        }
    }

    /// <summary>Stops the loop after its current statement.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
            await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
