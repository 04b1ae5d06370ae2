using System.Data.Common;
using Cutover.History;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Planning;

/// <summary>
/// A lost connection is logged on a new one when the database answers again; when it does not within the window, the
/// error says the failure could not be logged, and why.
/// </summary>
public sealed class ConnectionLossReportTests
{
    [Fact]
    public async Task The_loss_is_logged_on_a_new_connection_once_the_database_answers_again()
    {
        var db = SqliteFiles.NewDatabase();
        var provider = new SqliteProvider();
        await using (var setup = await provider.OpenAsync(db, forReading: false, CancellationToken.None))
            await HistoryTable.EnsureCreatedAsync(setup, provider, CancellationToken.None);
        var attempts = 0;
        var report = new ConnectionLossReport(async ct =>
        {
            // The server is still restarting for the first two attempts.
            if (++attempts < 3)
                throw new ConnectionFailedException("db", "cannot connect: the database system is starting up");
            return await provider.OpenAsync(db, forReading: false, ct);
        }, new AuditLog("tester", "host"));

        var error = await report.ReportAsync("20260101000001", "up", "m.sql:3: step 1 of 20260101000001", "the server is shutting down or restarting", 42, new IOException("gone"));

        Assert.True(error.Logged);
        Assert.Equal(3, attempts);
        Assert.Equal("m.sql:3: step 1 of 20260101000001: connection lost: the server is shutting down or restarting; recorded in the audit log", error.Message);
        await using var read = await provider.OpenAsync(db, forReading: true, CancellationToken.None);
        var entry = Assert.Single(await AuditLog.ReadAsync(read, 10, CancellationToken.None));
        Assert.Equal(("up", "connection lost", "20260101000001"), (entry.Action, entry.Outcome, entry.MigrationId));
    }

    [Fact]
    public async Task When_the_database_does_not_answer_the_error_says_why_nothing_was_logged()
    {
        var attempts = 0;
        var report = new ConnectionLossReport(_ =>
        {
            attempts++;
            throw new ConnectionFailedException("db:5432", "cannot connect to PostgreSQL at db:5432: Connection refused");
        }, new AuditLog("tester", "host"), TimeSpan.FromSeconds(1));

        var error = await report.ReportAsync("20260101000001", "up", "m.sql:3: step 1 of 20260101000001", "the network connection to the server broke", 42, new IOException("gone"));

        Assert.False(error.Logged);
        Assert.True(attempts > 1, $"tried {attempts} time(s)");
        Assert.Equal("m.sql:3: step 1 of 20260101000001: connection lost: the network connection to the server broke; the failure could not be recorded in the audit log: " +
                     "the database did not answer within 1 s (cannot connect to PostgreSQL at db:5432: Connection refused)", error.Message);
    }
}
