namespace Cutover.Files;

/// <summary>What the tool tells someone whose migration file name it refused: the remedy, or to let it name the file.</summary>
public static class MigrationNameHint
{
    private const string Create = "create files with `cutover new <name>`";

    /// <summary>The hint for a refused name, given the engine's remedy for it (null when it has none).</summary>
    public static string For(string? remedy) => remedy is null ? Create : $"{remedy}, or {Create}";
}
