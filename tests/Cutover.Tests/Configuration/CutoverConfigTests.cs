using Cutover.Configuration;
using Cutover.Tests.Files;

namespace Cutover.Tests.Configuration;

/// <summary>Reading cutover.json: every setting, the relaxed syntax, and every mistake named with file and line.</summary>
public sealed class CutoverConfigTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private Task<CutoverConfig> LoadAsync(string json) => CutoverConfig.LoadAsync(_dir.Write("cutover.json", json), CancellationToken.None);

    private async Task<CutoverException> FailsAsync(string json)
    {
        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => LoadAsync(json));
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    private string PathOf => Path.Combine(_dir.Path, "cutover.json");

    [Fact]
    public async Task Reads_every_setting_with_comments_and_trailing_commas()
    {
        var config = await LoadAsync("""
            {
              // the embedded default
              "connection": "Data Source=app.db", /* beside this file */
              "migrations": "db/migrations",
              "lockWaitSeconds": 5,
              "lockTimeout": { "initialMs": 50, "maxMs": 800, "attempts": 4, },
            }
            """);

        Assert.Equal("Data Source=app.db", config.Connection);
        Assert.Equal("db/migrations", config.Migrations);
        Assert.Equal(5, config.LockWaitSeconds);
        Assert.Equal(50, config.LockTimeout!.InitialMs);
        Assert.Equal(800, config.LockTimeout.MaxMs);
        Assert.Equal(4, config.LockTimeout.Attempts);
    }

    [Fact]
    public async Task An_empty_object_and_null_values_leave_every_setting_unset()
    {
        var config = await LoadAsync("{ \"connection\": null, \"lockTimeout\": null }");

        Assert.Null(config.Connection);
        Assert.Null(config.Migrations);
        Assert.Null(config.LockWaitSeconds);
        Assert.Null(config.LockTimeout);
    }

    [Fact]
    public async Task A_byte_order_mark_is_accepted()
    {
        var path = Path.Combine(_dir.Path, "cutover.json");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. "{ \"migrations\": \"m\" }"u8.ToArray()]);

        Assert.Equal("m", (await CutoverConfig.LoadAsync(path, CancellationToken.None)).Migrations);
    }

    [Fact]
    public async Task A_missing_file_is_bad_input_naming_it()
    {
        var path = Path.Combine(_dir.Path, "nope.json");

        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => CutoverConfig.LoadAsync(path, CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal($"{path}: config file not found", e.Message);
    }

    [Fact]
    public async Task Malformed_json_names_the_line_of_the_syntax_error()
    {
        var e = await FailsAsync("{\n  \"migrations\": \"m\",\n  \"connection\": \n}");

        Assert.StartsWith($"{PathOf}:4: invalid JSON: ", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);
    }

    [Fact]
    public async Task A_missing_comma_names_the_line_of_the_next_key()
    {
        var e = await FailsAsync("{\n  \"migrations\": \"m\"\n  \"connection\": \"Data Source=x.db\"\n}");

        Assert.StartsWith($"{PathOf}:3: invalid JSON: ", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public async Task An_empty_file_is_invalid_json_on_line_1(string json)
    {
        var e = await FailsAsync(json);

        Assert.Equal($"{PathOf}:1: invalid JSON: the file is empty", e.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_an_object_is_invalid()
    {
        var e = await FailsAsync("\n[\"connection\"]");

        Assert.StartsWith($"{PathOf}:2: invalid JSON: expected an object of settings", e.Message);
    }

    [Fact]
    public async Task An_unknown_setting_names_its_line_and_suggests_the_closest_name()
    {
        var e = await FailsAsync("{\n  \"migrations\": \"m\",\n  \"conection\": \"Data Source=x.db\"\n}");

        Assert.Equal($"{PathOf}:3: unknown setting 'conection'", e.Message);
        Assert.Equal("did you mean 'connection'?", e.Hint);
    }

    [Fact]
    public async Task Setting_names_are_case_sensitive_and_the_hint_gives_the_right_case()
    {
        var e = await FailsAsync("{ \"LockWaitSeconds\": 5 }");

        Assert.Equal($"{PathOf}:1: unknown setting 'LockWaitSeconds'", e.Message);
        Assert.Equal("did you mean 'lockWaitSeconds'?", e.Hint);
    }

    [Fact]
    public async Task An_unknown_setting_inside_lockTimeout_is_named_with_its_section()
    {
        var e = await FailsAsync("{\n  \"lockTimeout\": {\n    \"initialMS\": 5\n  }\n}");

        Assert.Equal($"{PathOf}:3: unknown setting 'lockTimeout.initialMS'", e.Message);
        Assert.Equal("did you mean 'lockTimeout.initialMs'?", e.Hint);
    }

    [Fact]
    public async Task A_name_far_from_every_setting_lists_the_known_ones()
    {
        var e = await FailsAsync("{ \"provider\": \"sqlite\" }");

        Assert.Equal($"{PathOf}:1: unknown setting 'provider'", e.Message);
        Assert.Equal("known settings: connection, migrations, schemaFile, schemas, lockWaitSeconds, archiveRetentionDays, rolloutSoakMinutes, lockTimeout, backfill", e.Hint);
    }

    [Fact]
    public async Task A_setting_given_twice_is_an_error_on_the_second_line()
    {
        var e = await FailsAsync("{\n  \"connection\": \"Data Source=a.db\",\n  \"connection\": \"Data Source=b.db\"\n}");

        Assert.Equal($"{PathOf}:3: 'connection' is set twice", e.Message);
    }

    [Theory]
    [InlineData("{\n  \"connection\": 5\n}", "'connection' must be a string")]
    [InlineData("{\n  \"migrations\": [\"a\"]\n}", "'migrations' must be a string")]
    [InlineData("{\n  \"lockWaitSeconds\": \"soon\"\n}", "'lockWaitSeconds' must be a whole number")]
    [InlineData("{\n  \"lockWaitSeconds\": 1.5\n}", "'lockWaitSeconds' must be a whole number")]
    [InlineData("{\n  \"lockWaitSeconds\": 99999999999\n}", "'lockWaitSeconds' must be a whole number")]
    [InlineData("{\n  \"schemas\": \"public\"\n}", "'schemas' must be a list of names, like [\"public\"]")]
    [InlineData("{ \"schemas\": [\"public\",\n  5] }", "'schemas' must be a list of non-empty names")]
    [InlineData("{ \"schemas\": [\"public\",\n  \"\"] }", "'schemas' must be a list of non-empty names")]
    [InlineData("{\n  \"lockTimeout\": 100\n}", "'lockTimeout' must be an object with initialMs, maxMs, attempts")]
    [InlineData("{ \"lockTimeout\": {\n  \"maxMs\": true } }", "'lockTimeout.maxMs' must be a whole number")]
    public async Task A_wrong_type_names_the_setting_the_line_and_what_it_must_be(string json, string expected)
    {
        var e = await FailsAsync(json);

        Assert.Equal($"{PathOf}:2: {expected}", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Theory]
    [InlineData("{\n  \"lockWaitSeconds\": 0\n}", "'lockWaitSeconds' must be a positive number, not 0")]
    [InlineData("{\n  \"lockWaitSeconds\": -5\n}", "'lockWaitSeconds' must be a positive number, not -5")]
    [InlineData("{ \"lockTimeout\": {\n  \"initialMs\": 0 } }", "'lockTimeout.initialMs' must be a positive number, not 0")]
    [InlineData("{ \"lockTimeout\": {\n  \"maxMs\": -1 } }", "'lockTimeout.maxMs' must be a positive number, not -1")]
    [InlineData("{ \"lockTimeout\": {\n  \"attempts\": 0 } }", "'lockTimeout.attempts' must be a positive number, not 0")]
    public async Task A_number_that_is_not_positive_is_bad_input_on_its_line(string json, string expected)
    {
        var e = await FailsAsync(json);

        Assert.Equal($"{PathOf}:2: {expected}", e.Message);
    }

    [Fact]
    public async Task An_empty_migrations_folder_name_is_bad_input()
    {
        var e = await FailsAsync("{\n  \"migrations\": \"\"\n}");

        Assert.Equal($"{PathOf}:2: 'migrations' is empty", e.Message);
    }

    [Fact]
    public async Task An_empty_schema_file_name_is_bad_input()
    {
        var e = await FailsAsync("{\n  \"migrations\": \"migrations\",\n  \"schemaFile\": \"\"\n}");

        Assert.Equal($"{PathOf}:3: 'schemaFile' is empty", e.Message);
        Assert.Equal(ExitCode.BadInput, e.ExitCode);
    }

    [Fact]
    public async Task An_empty_or_repeating_schema_list_is_bad_input_on_its_line()
    {
        var empty = await FailsAsync("{\n  \"schemas\": []\n}");
        var twice = await FailsAsync("{ \"schemas\": [\"app\",\n \"app\"] }");

        Assert.Equal($"{PathOf}:2: 'schemas' is empty", empty.Message);
        Assert.Equal($"{PathOf}:2: 'schemas' lists 'app' twice", twice.Message);
    }

    public void Dispose() => _dir.Dispose();
}
