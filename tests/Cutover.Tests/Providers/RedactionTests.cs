using System.ComponentModel;
using System.Reflection;
using Cutover.Postgres;
using Cutover.Sqlite;
using Cutover.Tests.Cli;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cutover.Tests.Providers;

/// <summary>
/// No spelling of a password survives redaction: every key the drivers take for a secret (their own builders say
/// which), URIs with odd forms, and strings no driver parses; and no output or file of a failing connection holds it.
/// </summary>
public sealed class RedactionTests : IDisposable
{
    private const string Secret = "Zq9sEcReT@Xt4ilQ";

    private readonly MigrationsFolder _project = new();

    public static TheoryData<string> PostgresForms => new()
    {
        $"Host=db;Database=app;Password={Secret}",
        $"Host=db;Database=app;PASSWORD={Secret}",
        $"Host=db;Database=app;PSW={Secret}",
        $"Host=db;Database=app;psw={Secret}",
        $"Host=db;Database=app;PWD={Secret}",
        $"Host=db;Database=app; Password = '{Secret};x'",
        $"Host=db;Database=app;SSL Password={Secret}",
        $"Host=db;Database=app;SslPassword={Secret}",
        $"postgres://app:{Uri.EscapeDataString(Secret)}@db/app",
        $" postgres://app:{Uri.EscapeDataString(Secret)}@db/app",
        $"postgres://app:{Secret}@db/app",
        $"  postgresql://app:{Secret}@db:5432/app?sslmode=require",
        $"postgres://app:{Secret}@db/app?bogus=1",
        $"Host=db;PSW={Secret};Bogus=1",
    };

    public static TheoryData<string> SqliteForms => new()
    {
        $"Data Source=app.db;Password={Secret}",
        $"Data Source=app.db;password = {Secret}",
        $"Data Source=app.db;PSW={Secret}",
        $"Data Source=app.db;Pwd={Secret}",
        $"Data Source=app.db;Password=\"{Secret};x\"",
        $"Data Source=app.db;psw={Secret};Mode=Bogus",
    };

    [Theory]
    [MemberData(nameof(PostgresForms))]
    public void Postgres_redaction_masks_every_spelling(string connectionString) => AssertMasked(new PostgresProvider().Redact(connectionString));

    [Theory]
    [MemberData(nameof(SqliteForms))]
    public void Sqlite_redaction_masks_every_spelling(string connectionString) => AssertMasked(new SqliteProvider().Redact(connectionString));

    [Theory]
    [MemberData(nameof(PostgresForms))]
    [MemberData(nameof(SqliteForms))]
    public void Redaction_without_a_driver_masks_every_spelling(string connectionString) => AssertMasked(ConnectionStrings.RedactUnparsed(connectionString));

    [Fact]
    public void Every_secret_key_of_the_drivers_builders_is_masked()
    {
        // The drivers mark their secrets [PasswordPropertyText(true)]; each of them, and each synonym Npgsql takes, must be masked.
        var checkedKeys = new List<string>();
        foreach (var property in SecretProperties(typeof(NpgsqlConnectionStringBuilder)))
        {
            var builder = new NpgsqlConnectionStringBuilder { Host = "db" };
            property.SetValue(builder, Secret);
            AssertMasked(new PostgresProvider().Redact(builder.ConnectionString));
            checkedKeys.Add("npgsql:" + property.Name);
            foreach (var key in KeysOf(property))
            {
                AssertMasked(new PostgresProvider().Redact($"Host=db;{key}={Secret}"));
                checkedKeys.Add(key);
            }
        }
        // Secrets the builders do not mark: the client certificate key's password, SQLite's encryption key.
        AssertMasked(new PostgresProvider().Redact(new NpgsqlConnectionStringBuilder { Host = "db", SslPassword = Secret }.ConnectionString));
        AssertMasked(new SqliteProvider().Redact(new SqliteConnectionStringBuilder { DataSource = "app.db", Password = Secret }.ConnectionString));
        Assert.True(new[] { "npgsql:Password", "PSW", "PWD" }.All(checkedKeys.Contains), string.Join(", ", checkedKeys));
    }

    [Fact]
    public async Task No_output_or_file_of_a_failing_connection_holds_the_secret()
    {
        _project.WriteTable("20260101000001", "a");
        var failing = new[]
        {
            $"Host=127.0.0.1;Port=1;Database=app;Timeout=2;PSW={Secret}",
            $"Host=127.0.0.1;Port=1;Database=app;Timeout=2;Pwd={Secret}",
            $"Host=127.0.0.1;Port=1;Database=app;Timeout=2;Password={Secret};Bogus=1",
            $" postgres://app:{Secret}@127.0.0.1:1/app?bogus=1",
            $"postgres://app:{Secret}@127.0.0.1:1/app",
            $"Data Source={Path.Combine(_project.Root, "app.db")};PSW={Secret}",
            $"Data Source={Path.Combine(_project.Root, "app.db")};Pwd={Secret}",
            $"Data Source={Path.Combine(_project.Root, "app.db")};Password={Secret};Mode=Bogus",
            $"Data Source=;Password={Secret}",
            $"Data Source={Path.Combine(_project.Root, "missing", "app.db")};Password={Secret}",
        };
        foreach (var connection in failing)
        {
            foreach (var args in new[] { new[] { "status" }, ["up", "--verbose"], ["validate", "--json"] })
            {
                var given = await CliRunner.RunAsync(_project.Root, [.. args, "--connection", connection]);
                var fromEnvironment = await CliRunner.RunWithEnvironmentAsync(_project.Root, new() { ["CUTOVER_CONNECTION"] = connection }, args);
                foreach (var result in new[] { given, fromEnvironment })
                {
                    Assert.NotEqual(0, result.ExitCode);
                    AssertMasked(result.Stdout + result.Stderr, connection);
                }
            }
        }
        foreach (var file in Directory.EnumerateFiles(_project.Root, "*", SearchOption.AllDirectories))
            AssertMasked(File.ReadAllText(file), file);
    }

    [Fact]
    public async Task A_password_given_as_psw_to_a_real_server_is_not_printed_or_stored()
    {
        _project.WriteTable("20260101000001", "a");
        var admin = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        var connection = $"Host={admin.Host};Port={admin.Port};Database={admin.Database};Username={PostgresServer.PasswordUser};PSW={PostgresServer.Password};Pooling=false";
        await using (var grant = new NpgsqlConnection(admin.ConnectionString))
        {
            await grant.OpenAsync();
            await using var command = new NpgsqlCommand($"GRANT ALL ON SCHEMA public TO {PostgresServer.PasswordUser}; GRANT CREATE ON DATABASE {admin.Database} TO {PostgresServer.PasswordUser}", grant);
            await command.ExecuteNonQueryAsync();
        }

        var outputs = new List<CliResult>
        {
            await CliRunner.RunWithEnvironmentAsync(_project.Root, new() { ["CUTOVER_CONNECTION"] = connection }, "up", "--verbose"),
            await CliRunner.RunWithEnvironmentAsync(_project.Root, new() { ["CUTOVER_CONNECTION"] = connection }, "status", "--json"),
            await CliRunner.RunAsync(_project.Root, "status", "--connection", connection),
            await CliRunner.RunAsync(_project.Root, "history", "--connection", connection),
        };

        Assert.All(outputs, r => Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr));
        Assert.Contains("Password=***", outputs[2].Stdout, StringComparison.Ordinal);
        foreach (var result in outputs)
            Assert.DoesNotContain(PostgresServer.Password, result.Stdout + result.Stderr, StringComparison.Ordinal);
        await using var read = new NpgsqlConnection(admin.ConnectionString);
        await read.OpenAsync();
        await using var log = new NpgsqlCommand("SELECT coalesce(string_agg(concat_ws(' ', action, outcome, by_user, host, detail), ' '), '') FROM cutover_log", read);
        Assert.DoesNotContain(PostgresServer.Password, (string)(await log.ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    private static IEnumerable<PropertyInfo> SecretProperties(Type builder) =>
        builder.GetProperties().Where(p => p.GetCustomAttribute<PasswordPropertyTextAttribute>()?.Password == true && p.PropertyType == typeof(string));

    /// <summary>The keyword and synonyms Npgsql takes for a property (its DisplayName and its own attribute's Synonyms).</summary>
    private static IEnumerable<string> KeysOf(PropertyInfo property)
    {
        if (property.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName is { } display)
            yield return display;
        foreach (var attribute in property.GetCustomAttributes())
        {
            if (attribute.GetType().GetProperty("Synonyms")?.GetValue(attribute) is string[] synonyms)
                foreach (var synonym in synonyms)
                    yield return synonym;
        }
    }

    private static void AssertMasked(string text, string? context = null)
    {
        Assert.False(text.Contains("Zq9s", StringComparison.Ordinal) || text.Contains("EcReT", StringComparison.Ordinal) || text.Contains("Xt4il", StringComparison.Ordinal),
            $"the secret leaked{(context is null ? "" : $" ({context})")}: {text}");
    }

    public void Dispose() => _project.Dispose();
}
