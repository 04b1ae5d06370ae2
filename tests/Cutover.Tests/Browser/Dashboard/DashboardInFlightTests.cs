using System.Text.RegularExpressions;
using Cutover.Dashboard;
using Cutover.Rollouts;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// The overview's drift, migration lock and in-flight parts (and an operation's verification) on a database whose last run succeeded: an operation migration expanded, its
/// rollout at 10%, drift no — then yes once a table is made outside migrations.
/// </summary>
public sealed class DashboardInFlightTests
{
    private const string People = "20260201000000";
    private const string Rename = "20260202000000";

    [Fact]
    public async Task The_overview_shows_an_expanded_operation_its_rollout_and_drift_as_it_changes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var folder = Directory.CreateTempSubdirectory("cutover-dashboard-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, $"{People}_people.sql"), """
            -- cutover:up
            CREATE TABLE people (id integer PRIMARY KEY, name text);
            INSERT INTO people (id, name) VALUES (1, 'Ada');
            -- cutover:down
            DROP TABLE people;
            """, timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{Rename}_rename_name.sql"), "-- cutover:op rename-column people.name to full_name\n", timeout.Token);
        var connection = SqliteFiles.NewDatabase();
        var options = new CutoverOptions { ConnectionString = connection, MigrationsFolder = folder };
        var migrator = new Migrator(options, new SqliteProvider());
        await migrator.UpAsync(cancellationToken: timeout.Token);
        await migrator.RolloutAsync(Rename, new RolloutChange { Percent = 10 }, timeout.Token);

        await using var app = await InProcessDashboard.StartAsync(options, new SqliteProvider(), web => web.MapCutoverDashboard("/"), timeout.Token);
        var overview = await app.Http.GetStringAsync("/", timeout.Token);
        Assert.Equal("no", Cell(overview, "drift"));
        Assert.Equal("2", Cell(overview, "count-applied"));
        Assert.Matches($"<td><a href=\"/migrations/{Rename}\">{Rename}</a></td><td>rename_name</td><td>expanded</td>", overview);
        Assert.Matches($"<a href=\"/migrations/{Rename}\">{Rename}</a></td>\\s*<td>10 %</td>", overview);
        Assert.DoesNotContain("id=\"backfills\"", overview, StringComparison.Ordinal);
        Assert.Contains("<span>free: no migration", LockCell(overview), StringComparison.Ordinal);
        // A runner holding the migration lock (here this process, on its own connection) is named on the overview.
        await using (var runner = new SqliteConnection(connection))
        {
            await runner.OpenAsync(timeout.Token);
            await using (await new SqliteProvider().AcquireMigrationLockAsync(runner, TimeSpan.FromSeconds(5), _ => { }, timeout.Token))
                Assert.Contains($"<span>held by pid {Environment.ProcessId} (", LockCell(await app.Http.GetStringAsync("/", timeout.Token)), StringComparison.Ordinal);
        }
        Assert.Contains("<span>free: no migration", LockCell(await app.Http.GetStringAsync("/", timeout.Token)), StringComparison.Ordinal);

        Assert.Equal("never verified", Cell(await app.Http.GetStringAsync($"/migrations/{Rename}", timeout.Token), "verification"));
        // A rename has no rows to compare (both shapes read one column): a clean verification of 0 rows.
        await migrator.VerifyAsync(Rename, cancellationToken: timeout.Token);
        Assert.StartsWith("clean: 0 rows, ", Cell(await app.Http.GetStringAsync($"/migrations/{Rename}", timeout.Token), "verification"), StringComparison.Ordinal);

        await using (var outside = new SqliteConnection(connection))
        {
            await outside.OpenAsync(timeout.Token);
            await using var command = outside.CreateCommand();
            command.CommandText = "CREATE TABLE stray (id integer)";
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
        var drifted = await app.Http.GetStringAsync("/", timeout.Token);
        Assert.Equal("yes", Cell(drifted, "drift"));
        Assert.StartsWith("1 change(s) made outside migrations", Cell(drifted, "drift-explanation"), StringComparison.Ordinal);
    }

    private static string LockCell(string html) => Regex.Match(html, "id=\"migration-lock\">(.*?)</dd>", RegexOptions.Singleline).Groups[1].Value;

    private static string Cell(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{id}\">([^<]*)<");
        Assert.True(match.Success, $"no element #{id} in the page");
        return match.Groups[1].Value;
    }
}
