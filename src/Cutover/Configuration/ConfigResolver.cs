namespace Cutover.Configuration;

/// <summary>
/// Builds <see cref="CutoverOptions"/> from the config file, the environment and command-line values,
/// later sources winning: <c>cutover.json</c> → <c>CUTOVER_CONNECTION</c> → <c>--connection</c>.
/// </summary>
public static class ConfigResolver
{
    /// <summary>The environment variable that overrides the config file's connection.</summary>
    public const string ConnectionVariable = "CUTOVER_CONNECTION";

    /// <summary>
    /// Reads <paramref name="configPath"/> (or <c>cutover.json</c> in <paramref name="currentDirectory"/> when
    /// present) and applies the overrides. Relative paths in the file — the migrations folder and a SQLite
    /// data source — are relative to the file. Throws bad input when no connection is given anywhere.
    /// </summary>
    public static async Task<CutoverOptions> ResolveAsync(
        string? configPath, string? connectionOption, string? connectionVariable, string currentDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(currentDirectory, configPath ?? "cutover.json");
        var config = configPath is not null || File.Exists(path)
            ? await CutoverConfig.LoadAsync(path, cancellationToken).ConfigureAwait(false)
            : new CutoverConfig();
        var baseDirectory = configPath is not null || File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : currentDirectory;

        var connection = Blank(connectionOption) ?? Blank(connectionVariable)
            ?? (config.Connection is { } fromFile ? RelativeToFolder(fromFile, baseDirectory) : null)
            ?? throw CutoverException.BadInput("no connection: pass --connection, set CUTOVER_CONNECTION or add \"connection\" to cutover.json",
                "for the embedded default use --connection \"Data Source=app.db\"");

        var retry = new LockRetryPolicy();
        if (config.LockTimeout is { } t)
        {
            retry = retry with
            {
                InitialTimeout = t.InitialMs is int i ? TimeSpan.FromMilliseconds(i) : retry.InitialTimeout,
                MaxTimeout = t.MaxMs is int m ? TimeSpan.FromMilliseconds(m) : retry.MaxTimeout,
                Attempts = t.Attempts ?? retry.Attempts,
            };
        }
        return new CutoverOptions
        {
            ConnectionString = connection,
            MigrationsFolder = Path.Combine(baseDirectory, config.Migrations ?? "migrations"),
            LockWait = config.LockWaitSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(60),
            LockRetry = retry,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>A relative SQLite file named in a config file lives beside that file, wherever Cutover is run from.</summary>
    private static string RelativeToFolder(string connection, string folder)
    {
        if (ConnectionKind.Detect(connection) != DatabaseKind.Sqlite)
            return connection;
        var pairs = connection.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var kv = pair.Split('=', 2);
            var key = kv[0].Trim().ToLowerInvariant();
            if (kv.Length == 2 && key is "data source" or "datasource" or "filename")
            {
                var file = kv[1].Trim();
                if (file.Length > 0 && file != ":memory:" && !Path.IsPathRooted(file) && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
                    return $"{kv[0]}={Path.GetFullPath(Path.Combine(folder, file))}";
            }
            return pair;
        });
        return string.Join(';', pairs);
    }
}
