namespace Cutover.Cli;

/// <summary>The process exit codes Cutover documents (docs/exit-codes.md).</summary>
internal enum ExitCode
{
    /// <summary>The operation succeeded.</summary>
    Success = 0,
    /// <summary>The operation failed: a migration error, findings, a refusal to continue.</summary>
    Failed = 1,
    /// <summary>Bad input: arguments, configuration, a malformed migration file. Nothing was written.</summary>
    BadInput = 2,
    /// <summary>The migration lock was not obtained in time.</summary>
    LockTimeout = 3,
    /// <summary>Validation failed: a changed checksum, a missing file, migrations out of order.</summary>
    ValidationFailed = 4,
}
