using System.Text.Json;
using Cutover.Tests.Files;

namespace Cutover.Tests.Cli.Json;

/// <summary>
/// `check --format sarif` writes a SARIF 2.1.0 log that the OASIS schema accepts (sarif-schema-2.1.0.json here is the
/// standard's schema, draft-07), with rules, levels, paths relative to the repository root, and allowed findings suppressed.
/// </summary>
public sealed class SarifOutputTests : IDisposable
{
    private readonly TempFolder _repo = new();

    [Fact]
    public async Task Check_writes_a_sarif_log_the_standard_schema_accepts_with_rules_locations_and_suppressions()
    {
        // The project sits in a subfolder of the repository: paths in the log are relative to the repository root.
        Directory.CreateDirectory(Path.Combine(_repo.Path, ".git"));
        var project = Directory.CreateDirectory(Path.Combine(_repo.Path, "db")).FullName;
        var migrations = Directory.CreateDirectory(Path.Combine(project, "migrations")).FullName;
        File.WriteAllText(Path.Combine(project, "cutover.json"), """{ "migrations": "migrations" }""");
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text);
            CREATE INDEX users_name ON users (name);
            -- cutover:down
            DROP TABLE users;
            """);
        File.WriteAllText(Path.Combine(migrations, "20260101000002_tidy.sql"), """
            -- cutover:up
            ALTER TABLE users RENAME COLUMN name TO full_name;
            -- cutover:allow drop-table nothing reads it since release 40 — not even the café
            DROP TABLE legacy;
            -- cutover:down
            ALTER TABLE users RENAME COLUMN full_name TO name;
            """);
        Assert.Equal(0, (await CliRunner.RunAsync(project, "sum")).ExitCode);

        var result = await CliRunner.RunAsync(project, "check", "--dialect", "postgres", "--format", "sarif");

        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        var sarif = SchemaAssert.Load(Path.Combine(AppContext.BaseDirectory, "Cli", "Json", "sarif-schema-2.1.0.json"));
        SchemaAssert.Valid(sarif, "SARIF 2.1.0", result.Stdout);
        // The schema has teeth: a level SARIF does not define is refused.
        using (var tampered = JsonDocument.Parse(result.Stdout.Replace("\"level\": \"error\"", "\"level\": \"fatal\"", StringComparison.Ordinal)))
            Assert.False(sarif.Evaluate(tampered.RootElement).IsValid);
        using var log = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
        var run = log.RootElement.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("Cutover", driver.GetProperty("name").GetString());
        Assert.DoesNotContain("\\u00", result.Stdout, StringComparison.Ordinal); // non-ASCII (and '+' in the version) as is
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
        Assert.All(rules, r => Assert.NotEmpty(r.GetProperty("help").GetProperty("text").GetString()!));

        static JsonElement Place(JsonElement result) => result.GetProperty("locations")[0].GetProperty("physicalLocation");
        // The rename in the up step (the down step's rename back is a finding of its own, on line 6).
        var rename = results.Single(r => r.GetProperty("ruleId").GetString() == "rename-column" && Place(r).GetProperty("region").GetProperty("startLine").GetInt32() == 2);
        Assert.Equal("error", rename.GetProperty("level").GetString());
        Assert.Equal("db/migrations/20260101000002_tidy.sql", Place(rename).GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.False(rename.TryGetProperty("suppressions", out _));

        var dropped = results.Single(r => r.GetProperty("ruleId").GetString() == "drop-table");
        var suppression = Assert.Single(dropped.GetProperty("suppressions").EnumerateArray());
        Assert.Equal(("inSource", "nothing reads it since release 40 — not even the café"),
            (suppression.GetProperty("kind").GetString(), suppression.GetProperty("justification").GetString()));
    }

    public void Dispose() => _repo.Dispose();
}
