using Cutover.Configuration;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Cli;

/// <summary>
/// Issue 16: a CUTOVER_* variable the file's rules refuse is one error line naming the variable, its value and what to
/// do, exit code 2, and nothing written — on SQLite the database file is not even created, on PostgreSQL the
/// database stays empty.
/// </summary>
public abstract class ConfigVariableRefusalCliSpecification : IDisposable
{
    private protected const string Password = "hunter2-secret";

    private protected MigrationsFolder Project { get; } = new();

    public void Dispose()
    {
        Project.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The connection string CUTOVER_CONNECTION holds, with <see cref="Password"/> in it, which no message may show.</summary>
    private protected abstract Task<string> ConnectionStringAsync();

    /// <summary>Fails when the refused command wrote anything to the database.</summary>
    private protected abstract Task AssertNothingWrittenAsync();

    public static TheoryData<string, string> NumberVariables()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in EnvironmentConfig.Variables.Where(v => v.Kind is EnvironmentConfig.Kind.PositiveNumber or EnvironmentConfig.Kind.NonNegativeNumber))
        {
            data.Add(v.Name, "abc");
            data.Add(v.Name, "1.5");
            data.Add(v.Name, "99999999999");
            data.Add(v.Name, "-1");
            if (v.Kind == EnvironmentConfig.Kind.PositiveNumber)
                data.Add(v.Name, "0");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NumberVariables))]
    public async Task A_number_variable_the_file_would_refuse_is_one_line_naming_it_and_nothing_is_written(string variable, string value)
    {
        var kind = EnvironmentConfig.Variables.Single(v => v.Name == variable).Kind;
        var wanted = kind == EnvironmentConfig.Kind.PositiveNumber ? "a positive whole number" : "a whole number, 0 or more";
        var problem = value is "-1" or "0" ? (kind == EnvironmentConfig.Kind.PositiveNumber ? "must be a positive number" : "must be 0 or more") : "is not a whole number";

        var result = await UpWithAsync(variable, value);

        await AssertRefusedAsync(result, $"environment variable {variable}=\"{value}\" {problem}: set it to {wanted}, or unset it");
    }

    [Theory]
    [InlineData("public,,billing", "has an empty name: list names separated by commas, like public,billing")]
    [InlineData("app, app", "lists 'app' twice: keep one of them")]
    public async Task A_schema_list_with_an_empty_or_repeated_name_is_refused(string value, string problem)
    {
        var result = await UpWithAsync("CUTOVER_SCHEMAS", value);

        await AssertRefusedAsync(result, $"environment variable CUTOVER_SCHEMAS=\"{value}\" {problem}");
    }

    [Theory]
    [InlineData("CUTOVER_LOCK_TIMEOUT_INITIAL_MS", "5000",
        "environment variable CUTOVER_LOCK_TIMEOUT_INITIAL_MS=5000 is above 'lockTimeout.maxMs' 2000 (the default): raise 'lockTimeout.maxMs' or lower CUTOVER_LOCK_TIMEOUT_INITIAL_MS")]
    [InlineData("CUTOVER_BACKFILL_MAX_BATCH", "10",
        "'backfill.minBatch' 100 (the default) is above environment variable CUTOVER_BACKFILL_MAX_BATCH=10: raise CUTOVER_BACKFILL_MAX_BATCH or lower 'backfill.minBatch'")]
    public async Task A_variable_that_contradicts_another_setting_is_refused_naming_both(string variable, string value, string message)
    {
        var result = await UpWithAsync(variable, value);

        await AssertRefusedAsync(result, message);
    }

    [Fact]
    public async Task A_variable_that_contradicts_the_file_names_the_file_setting()
    {
        File.WriteAllText(Path.Combine(Project.Root, "cutover.json"), "{ \"backfill\": { \"initialBatch\": 500 } }");

        var result = await UpWithAsync("CUTOVER_BACKFILL_MIN_BATCH", "600");

        await AssertRefusedAsync(result,
            "environment variable CUTOVER_BACKFILL_MIN_BATCH=600 is above 'backfill.initialBatch' 500 (cutover.json): raise 'backfill.initialBatch' or lower CUTOVER_BACKFILL_MIN_BATCH");
    }

    private async Task<CliResult> UpWithAsync(string variable, string value)
    {
        Project.WriteTable("20260101000001", "a");
        return await CliRunner.RunWithEnvironmentAsync(Project.Root, new Dictionary<string, string?>
        {
            [ConfigResolver.ConnectionVariable] = await ConnectionStringAsync(),
            [variable] = value,
        }, "up");
    }

    private async Task AssertRefusedAsync(CliResult result, string message)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"error: {message}"], result.ErrorLines);
        Assert.DoesNotContain(Password, result.Stderr + result.Stdout, StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }
}

public sealed class SqliteConfigVariableRefusalCliTests : ConfigVariableRefusalCliSpecification
{
    private string Database => Path.Combine(Project.Root, "app.db");

    private protected override Task<string> ConnectionStringAsync() => Task.FromResult($"Data Source={Database};Password={Password}");

    private protected override Task AssertNothingWrittenAsync()
    {
        Assert.False(File.Exists(Database), "nothing may be written for bad input");
        return Task.CompletedTask;
    }
}

public sealed class PostgresConfigVariableRefusalCliTests : ConfigVariableRefusalCliSpecification
{
    // One database for every case: nothing may be written to it, so what one case wrote would fail the next.
    private static readonly Lazy<Task<string>> Database = new(PostgresServer.CreateDatabaseAsync);

    private protected override async Task<string> ConnectionStringAsync() =>
        new NpgsqlConnectionStringBuilder(await Database.Value) { Password = Password }.ConnectionString;

    private protected override async Task AssertNothingWrittenAsync()
    {
        var tables = await PostgresServer.ScalarAsync(await Database.Value,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
        Assert.True(Convert.ToInt64(tables, System.Globalization.CultureInfo.InvariantCulture) == 0, "nothing may be written for bad input");
    }
}
