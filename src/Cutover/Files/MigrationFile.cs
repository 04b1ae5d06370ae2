namespace Cutover.Files;

/// <summary>A parsed migration file: <c>migrations/&lt;yyyyMMddHHmmss&gt;_&lt;slug&gt;.sql</c>.</summary>
/// <param name="Id">The 14-digit UTC timestamp that orders migrations.</param>
/// <param name="Name">The slug after the id (for example <c>add_user_roles</c>).</param>
/// <param name="Path">Path of the file as given to the parser (used in every error message).</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the file text with line endings normalised.</param>
/// <param name="Metadata">Header lines <c>-- key: value</c> before the first directive, in file order.</param>
/// <param name="Steps">All steps in file order, up and down.</param>
/// <param name="IrreversibleReason">The reason given by <c>-- cutover:irreversible</c>, when present.</param>
public sealed record MigrationFile(
    string Id,
    string Name,
    string Path,
    string Checksum,
    IReadOnlyList<KeyValuePair<string, string>> Metadata,
    IReadOnlyList<MigrationStep> Steps,
    string? IrreversibleReason)
{
    /// <summary>The up steps in the order they run.</summary>
    public IEnumerable<MigrationStep> UpSteps => Steps.Where(s => !s.Kind.IsDown());

    /// <summary>The down steps in the order they run on rollback (reverse file order).</summary>
    public IEnumerable<MigrationStep> DownSteps => Steps.Where(s => s.Kind.IsDown()).Reverse();

    /// <summary>Whether the file declares operations (<c>-- cutover:op</c>), which are expanded into steps before they run.</summary>
    public bool HasOperations => Steps.Any(s => s.Kind == StepKind.Operation);

    /// <summary>The file name without folder, <c>&lt;id&gt;_&lt;name&gt;.sql</c>.</summary>
    public string FileName => $"{Id}_{Name}.sql";
}
