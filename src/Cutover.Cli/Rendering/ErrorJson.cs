namespace Cutover.Cli.Rendering;

/// <summary>What `--json` prints on stdout when a command fails: <c>{"version":1,"error":{…}}</c> (docs/json.md).</summary>
internal sealed record ErrorDocument(ErrorJson Error);

/// <summary>
/// One failure: <see cref="Code"/> says what kind, <see cref="ExitCode"/>
/// is the process's exit code, <see cref="Message"/> and <see cref="Remedy"/> are the error and hint lines stderr shows.
/// </summary>
internal sealed record ErrorJson(ErrorCode Code, int ExitCode, string Message, string? Remedy)
{
    /// <summary>For <c>migrationState</c>: which state is in the way (a camelCase <see cref="MigrationConflict"/>).</summary>
    public MigrationConflict? Conflict { get; init; }

    /// <summary>For <c>backfill</c>: what went wrong with it.</summary>
    public BackfillProblem? Problem { get; init; }

    /// <summary>The migration the error is about, when there is one.</summary>
    public string? MigrationId { get; init; }

    /// <summary>For <c>backfill</c>: the backfill's id.</summary>
    public string? BackfillId { get; init; }
}
