using Cutover.Tests.Cli;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Importing;

/// <summary>
/// What the tests of `cutover import dbup` and `cutover import grate` share: a folder of the tool's scripts, an empty
/// project to import them into, and the command that does it. The database each test migrates with the real tool is
/// a <see cref="JournalTestDatabase"/>.
/// </summary>
public abstract class JournalImportCliTests : IDisposable
{
    private readonly string _tool;

    /// <param name="tool">The import's subcommand, "dbup" or "grate".</param>
    protected JournalImportCliTests(string tool)
    {
        _tool = tool;
        Scripts = Directory.CreateTempSubdirectory($"cutover-{tool}-").FullName;
    }

    /// <summary>The project the scripts are imported into.</summary>
    private protected MigrationsFolder Project { get; } = new();

    /// <summary>The tool's scripts folder.</summary>
    protected string Scripts { get; }

    public void Dispose()
    {
        Project.Dispose();
        Directory.Delete(Scripts, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes a script at <paramref name="name"/> (which may name subfolders) under <see cref="Scripts"/>.</summary>
    protected void Script(string name, string sql)
    {
        var path = Path.Combine(Scripts, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sql);
    }

    /// <summary>The migration files the project holds, by name.</summary>
    protected string[] ImportedFiles() => Directory.GetFiles(Project.Folder, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    /// <summary>`cutover import &lt;tool&gt; &lt;scripts&gt;` and <paramref name="options"/>, run in the project.</summary>
    private protected Task<CliResult> ImportAsync(params string[] options) => ImportIntoAsync(Project, options);

    /// <summary>As <see cref="ImportAsync"/>, into another project.</summary>
    private protected Task<CliResult> ImportIntoAsync(MigrationsFolder project, params string[] options) =>
        CliRunner.RunAsync(project.Root, ["import", _tool, Scripts, .. options]);
}
