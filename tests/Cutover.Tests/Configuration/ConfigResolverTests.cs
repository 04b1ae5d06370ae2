using Cutover.Configuration;
using Cutover.Tests.Files;

namespace Cutover.Tests.Configuration;

/// <summary>Where options come from: the config file, CUTOVER_CONNECTION and --connection, in that order of strength.</summary>
public sealed class ConfigResolverTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private Task<CutoverOptions> ResolveAsync(string? config = null, string? option = null, string? variable = null, string? currentDirectory = null) =>
        ConfigResolver.ResolveAsync(new ConfigSources(currentDirectory ?? _dir.Path)
        {
            ConfigPath = config,
            ConnectionOption = option,
            Environment = name => name == ConfigResolver.ConnectionVariable ? variable : null,
        }, CancellationToken.None);

    [Fact]
    public async Task Without_a_config_file_the_option_gives_the_connection_and_defaults_apply()
    {
        var options = await ResolveAsync(option: "Data Source=app.db");

        Assert.Equal("Data Source=app.db", options.ConnectionString);
        Assert.Equal(Path.Combine(_dir.Path, "migrations"), options.MigrationsFolder);
        Assert.Equal(TimeSpan.FromSeconds(60), options.LockWait);
        Assert.Equal(new LockRetryPolicy(), options.LockRetry);
    }

    [Fact]
    public async Task The_schema_list_comes_from_the_file_and_defaults_to_public()
    {
        Assert.Equal(["public"], (await ResolveAsync(option: "Host=h;Database=d")).Schemas);
        _dir.Write("cutover.json", "{ \"schemas\": [\"app\", \"Billing\"] }");

        Assert.Equal(["app", "Billing"], (await ResolveAsync(option: "Host=h;Database=d")).Schemas);
    }

    [Fact]
    public async Task The_option_beats_the_environment_which_beats_the_file()
    {
        _dir.Write("cutover.json", "{ \"connection\": \"Host=from-file;Database=d\" }");

        Assert.Equal("Host=from-option;Database=d", (await ResolveAsync(option: "Host=from-option;Database=d", variable: "Host=from-env;Database=d")).ConnectionString);
        Assert.Equal("Host=from-env;Database=d", (await ResolveAsync(variable: "Host=from-env;Database=d")).ConnectionString);
        Assert.Equal("Host=from-file;Database=d", (await ResolveAsync()).ConnectionString);
    }

    [Fact]
    public async Task Blank_option_and_variable_count_as_not_given()
    {
        _dir.Write("cutover.json", "{ \"connection\": \"Host=from-file;Database=d\" }");

        Assert.Equal("Host=from-file;Database=d", (await ResolveAsync(option: " ", variable: "")).ConnectionString);
    }

    [Fact]
    public async Task No_connection_anywhere_is_bad_input_saying_where_to_put_one()
    {
        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => ResolveAsync());

        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal("no connection: pass --connection, set CUTOVER_CONNECTION or add \"connection\" to cutover.json", e.Message);
    }

    [Fact]
    public async Task The_file_named_by_config_is_used_and_its_relative_paths_start_beside_it()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir.Path, "samples", "quickstart")).FullName;
        File.WriteAllText(Path.Combine(sub, "cutover.json"), """
            { "connection": "Data Source=quickstart.db;Pooling=False", "migrations": "db", "lockWaitSeconds": 7,
              "lockTimeout": { "initialMs": 20, "maxMs": 300, "attempts": 3 } }
            """);

        var options = await ResolveAsync(config: Path.Combine("samples", "quickstart", "cutover.json"));

        Assert.Equal($"Data Source={Path.Combine(sub, "quickstart.db")};Pooling=False", options.ConnectionString);
        Assert.Equal(Path.Combine(sub, "db"), options.MigrationsFolder);
        Assert.Equal(TimeSpan.FromSeconds(7), options.LockWait);
        Assert.Equal(TimeSpan.FromMilliseconds(20), options.LockRetry.InitialTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(300), options.LockRetry.MaxTimeout);
        Assert.Equal(3, options.LockRetry.Attempts);
    }

    [Fact]
    public async Task Cutover_json_in_the_current_directory_is_read_when_no_config_is_named()
    {
        _dir.Write("cutover.json", "{ \"connection\": \"Data Source=local.db\", \"migrations\": \"sql\" }");

        var options = await ResolveAsync();

        Assert.Equal($"Data Source={Path.Combine(_dir.Path, "local.db")}", options.ConnectionString);
        Assert.Equal(Path.Combine(_dir.Path, "sql"), options.MigrationsFolder);
    }

    [Theory]
    [InlineData("DataSource=app.db", "DataSource={0}")]
    [InlineData("Filename=data/app.db;Mode=ReadWriteCreate", "Filename={0};Mode=ReadWriteCreate")]
    [InlineData("Data Source='my app.db'", "Data Source='{0}'")]
    public async Task Every_sqlite_file_keyword_is_resolved_beside_the_file_keeping_quotes(string connection, string expected)
    {
        _dir.Write("cutover.json", $"{{ \"connection\": \"{connection}\" }}");
        var file = Path.Combine(_dir.Path, connection.Contains("data/") ? Path.Combine("data", "app.db") : connection.Contains("my app") ? "my app.db" : "app.db");

        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file), (await ResolveAsync()).ConnectionString);
    }

    [Theory]
    [InlineData("Data Source=/abs/app.db")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Host=localhost;Database=app")]
    public async Task Absolute_memory_and_postgres_connections_in_the_file_are_left_alone(string connection)
    {
        _dir.Write("cutover.json", $"{{ \"connection\": \"{connection}\" }}");

        Assert.Equal(connection, (await ResolveAsync()).ConnectionString);
    }

    [Fact]
    public async Task A_relative_sqlite_file_given_on_the_command_line_is_not_rewritten()
    {
        _dir.Write("cutover.json", "{ \"migrations\": \"m\" }");

        Assert.Equal("Data Source=app.db", (await ResolveAsync(option: "Data Source=app.db")).ConnectionString);
    }

    [Fact]
    public async Task A_config_file_that_does_not_exist_is_bad_input_even_with_a_connection()
    {
        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => ResolveAsync(config: "missing.json", option: "Data Source=x.db"));

        Assert.Equal(ExitCode.BadInput, e.ExitCode);
        Assert.Equal($"{Path.Combine(_dir.Path, "missing.json")}: config file not found", e.Message);
    }

    [Fact]
    public async Task A_broken_config_file_is_reported_even_when_the_connection_comes_from_elsewhere()
    {
        _dir.Write("cutover.json", "{\n  \"conection\": \"x\"\n}");

        var e = await Assert.ThrowsAnyAsync<CutoverException>(() => ResolveAsync(option: "Data Source=x.db"));

        Assert.Equal($"{Path.Combine(_dir.Path, "cutover.json")}:2: unknown setting 'conection'", e.Message);
    }

    [Fact]
    public async Task The_migrations_folder_resolves_without_any_connection()
    {
        _dir.Write("cutover.json", "{ \"migrations\": \"db/migrations\" }");

        Assert.Equal(Path.Combine(_dir.Path, "db", "migrations"), await ConfigResolver.ResolveMigrationsFolderAsync(new ConfigSources(_dir.Path), CancellationToken.None));
        Assert.Equal(Path.Combine(_dir.Path, "db", "migrations"), await ConfigResolver.ResolveMigrationsFolderAsync(new ConfigSources(_dir.Path) { ConfigPath = "cutover.json" }, CancellationToken.None));
    }

    public void Dispose() => _dir.Dispose();
}
