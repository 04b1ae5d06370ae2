using System.CommandLine;

namespace Cutover.Cli;

/// <summary>The options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Connection { get; } = new("--connection") { Description = "The database (overrides CUTOVER_CONNECTION and cutover.json)", Recursive = true };
    public Option<string?> Migrations { get; } = new("--migrations") { Description = "The migrations folder (overrides CUTOVER_MIGRATIONS and cutover.json)", Recursive = true };
    public Option<string?> Config { get; } = new("--config") { Description = "The configuration file (default ./cutover.json when present)", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document instead of tables", Recursive = true };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Log progress to stderr and show error details", Recursive = true };
    public Option<bool> NoColor { get; } = new("--no-color") { Description = "No colour (also off with NO_COLOR or when output is redirected)", Recursive = true };

    public void AddTo(Command root)
    {
        root.Options.Add(Connection);
        root.Options.Add(Migrations);
        root.Options.Add(Config);
        root.Options.Add(Json);
        root.Options.Add(Verbose);
        root.Options.Add(NoColor);
    }
}
