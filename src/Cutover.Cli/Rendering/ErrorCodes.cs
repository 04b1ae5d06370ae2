namespace Cutover.Cli.Rendering;

/// <summary>
/// The <c>code</c> of an error under `--json` (camelCase in the document, e.g. <c>"lockTimeout"</c>; docs/json.md lists
/// them). Named here, one by one, rather than derived from exception class names, so that renaming a class cannot
/// change the contract.
/// </summary>
internal enum ErrorCode
{
    Usage,
    InvalidOption,
    InvalidMigrationName,
    InvalidFile,
    InvalidConfiguration,
    ConnectionFailed,
    InvalidInput,
    DataLoss,
    LockTimeout,
    MigrationState,
    MigrationFailed,
    ConnectionLost,
    Backfill,
    OperationFailed,
    CommitRefused,
    Failed,
    Cancelled,
    Unexpected,
}

/// <summary>Which <see cref="ErrorCode"/> an error has, and its JSON form.</summary>
internal static class ErrorCodes
{
    public static ErrorCode Of(CutoverException error) => error switch
    {
        InvalidOptionException => ErrorCode.InvalidOption,
        InvalidMigrationNameException => ErrorCode.InvalidMigrationName,
        InvalidFileException => ErrorCode.InvalidFile,
        ConfigurationException => ErrorCode.InvalidConfiguration,
        ConnectionFailedException => ErrorCode.ConnectionFailed,
        InvalidInputException => ErrorCode.InvalidInput,
        LockTimeoutException => ErrorCode.LockTimeout,
        MigrationStateException => ErrorCode.MigrationState,
        MigrationFailedException => ErrorCode.MigrationFailed,
        ConnectionLostException => ErrorCode.ConnectionLost,
        BackfillException => ErrorCode.Backfill,
        DataLossException => ErrorCode.DataLoss,
        OperationFailedException => ErrorCode.OperationFailed,
        CommitRefusedException => ErrorCode.CommitRefused,
        _ => ErrorCode.Failed,
    };

    /// <summary>The JSON form of an engine error, with the message and hint stderr shows.</summary>
    public static ErrorJson Describe(CutoverException error, ExitCode exitCode) =>
        new(Of(error), (int)exitCode, ErrorAdvice.MessageOf(error), ErrorAdvice.HintOf(error))
        {
            Conflict = (error as MigrationStateException)?.Conflict,
            Problem = (error as BackfillException)?.Problem,
            BackfillId = (error as BackfillException)?.BackfillId,
            MigrationId = error switch
            {
                MigrationStateException e => e.MigrationId,
                MigrationFailedException e => e.MigrationId,
                ConnectionLostException e => e.MigrationId,
                _ => null,
            },
        };
}
