namespace Cutover.Cli.Rendering;

/// <summary>
/// The <c>code</c> of an error under `--json`: named here, one by one, rather than derived from exception class
/// names, so that renaming a class cannot change the contract (docs/json/error.schema.json lists them).
/// </summary>
internal static class ErrorCodes
{
    public const string Usage = "usage";
    public const string Cancelled = "cancelled";
    public const string Unexpected = "unexpected";

    public static string Of(CutoverException error) => error switch
    {
        InvalidOptionException => "invalidOption",
        InvalidMigrationNameException => "invalidMigrationName",
        InvalidFileException => "invalidFile",
        ConfigurationException => "invalidConfiguration",
        ConnectionFailedException => "connectionFailed",
        InvalidInputException => "invalidInput",
        LockTimeoutException => "lockTimeout",
        MigrationStateException => "migrationState",
        MigrationFailedException => "migrationFailed",
        ConnectionLostException => "connectionLost",
        BackfillException => "backfill",
        DataLossException => "dataLoss",
        OperationFailedException => "operationFailed",
        CommitRefusedException => "commitRefused",
        _ => "failed",
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
