using System.Text.Json;
using Cutover.Processes;

namespace Cutover.Importing;

/// <summary>One migration <c>dotnet ef migrations list</c> named.</summary>
internal sealed record EfCoreListed(string Id, string Name);

/// <summary>
/// The EF Core tools (<c>dotnet ef</c>, a global tool or one in a local tool manifest) run against one project: the
/// startup project is built once by <see cref="BuildAsync"/>, every <c>dotnet ef</c> command after it runs with
/// <c>--no-build</c>.
/// </summary>
internal sealed class EfCoreTool(EfCoreProject project, string projectPath, string startupPath)
{
    /// <summary>The dotnet-ef version that matches the EF Core this repository is tested with.</summary>
    public const string ToolVersion = "10.0.15";

    private string WorkingDirectory => Path.GetDirectoryName(projectPath)!;

    /// <exception cref="InvalidToolInputException">The build failed: its last error lines are in the message.</exception>
    public async Task BuildAsync(CancellationToken cancellationToken)
    {
        var build = await DotnetProcess.RunAsync(WorkingDirectory,
            ["build", startupPath, "--configuration", project.Configuration, "--disable-build-servers", "-nodeReuse:false", "-nologo", "-v", "q"], cancellationToken).ConfigureAwait(false);
        if (build.ExitCode != 0)
            throw new InvalidToolInputException($"{Path.GetFileName(startupPath)}: the build failed: {build.Tail(3)}",
                $"fix the build (dotnet build {Path.GetFileName(startupPath)}), then import again");
    }

    /// <summary>The project's migrations, oldest first, read from its assembly (no database is opened).</summary>
    public async Task<IReadOnlyList<EfCoreListed>> ListAsync(CancellationToken cancellationToken)
    {
        var list = await RunAsync(["migrations", "list", "--json", "--no-connect"], cancellationToken).ConfigureAwait(false);
        if (list.ExitCode != 0)
            throw new InvalidToolInputException($"dotnet ef migrations list failed: {ErrorOf(list)}",
                "run `dotnet ef migrations list` in the project to see why (name the DbContext with --context when there are several)");
        var json = string.Join('\n', DataLines(list.Output));
        var listed = new List<EfCoreListed>();
        try
        {
            using var document = JsonDocument.Parse(json.Length == 0 ? "[]" : json);
            foreach (var migration in document.RootElement.EnumerateArray())
                listed.Add(new EfCoreListed(migration.GetProperty("id").GetString()!, migration.GetProperty("name").GetString()!));
        }
        catch (JsonException e)
        {
            throw new InvalidToolInputException($"dotnet ef migrations list printed what is not its JSON list ({e.Message})",
                $"use dotnet-ef {ToolVersion} or newer", e);
        }
        return listed;
    }

    /// <summary>
    /// The SQL script from <paramref name="from"/> to <paramref name="to"/> (EF Core's ids, "0" for none), or the first
    /// error line when EF Core could not script it (a Down() that throws, an operation the provider cannot generate).
    /// </summary>
    public async Task<(string? Script, string? Error)> ScriptAsync(string from, string to, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), $"cutover-efcore-{Guid.NewGuid():N}.sql");
        try
        {
            var script = await RunAsync(["migrations", "script", from, to, "--output", output], cancellationToken).ConfigureAwait(false);
            if (script.ExitCode != 0 || !File.Exists(output))
                return (null, ErrorOf(script));
            return (await File.ReadAllTextAsync(output, cancellationToken).ConfigureAwait(false), null);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private async Task<ChildProcessResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "ef" };
        arguments.AddRange(command);
        arguments.AddRange(["--project", projectPath, "--startup-project", startupPath, "--configuration", project.Configuration, "--no-build", "--prefix-output"]);
        if (project.Context is { } context)
            arguments.AddRange(["--context", context]);
        var result = await DotnetProcess.RunAsync(WorkingDirectory, arguments, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && IsToolMissing(result))
            throw new InvalidToolInputException("dotnet ef: the EF Core tools (dotnet-ef) are not installed",
                $"install them: `dotnet tool install --global dotnet-ef --version {ToolVersion}`, or in the repository " +
                $"`dotnet new tool-manifest` then `dotnet tool install dotnet-ef --version {ToolVersion}`");
        return result;
    }

    // dotnet's words when "ef" names no command: no global tool and no local tool manifest that lists dotnet-ef.
    private static bool IsToolMissing(ChildProcessResult result) =>
        (result.Error + result.Output) is var text &&
        (text.Contains("dotnet-ef does not exist", StringComparison.Ordinal) ||
         text.Contains("Could not execute because the specified command or file was not found", StringComparison.Ordinal));

    // With --prefix-output, what the command returns is on "data:" lines; its messages are on "error:", "info:" … lines.
    private static IEnumerable<string> DataLines(string output) =>
        output.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l.Length > 9 ? l[9..] : l[5..].TrimStart());

    private static string ErrorOf(ChildProcessResult result)
    {
        var errors = (result.Output + "\n" + result.Error).Split('\n', StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("error:", StringComparison.Ordinal)).Select(l => l[6..].Trim()).Where(l => l.Length > 0).ToList();
        return errors.Count > 0 ? errors[0] : result.Tail(3);
    }
}
