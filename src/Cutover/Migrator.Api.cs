using Cutover.History;
using Cutover.Running;

namespace Cutover;

// Temporary signatures so the CLI and providers can build against the API while the runner lands.
public sealed partial class Migrator
{
    /// <summary>Where every migration stands: files compared with the history table.</summary>
    public Task<StatusReport> StatusAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Applies pending migrations in id order under the migration lock.</summary>
    public Task<RunResult> UpAsync(UpOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Rolls back applied migrations, newest first, using the down SQL stored in the history.</summary>
    public Task<RunResult> DownAsync(DownOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Rolls back the newest applied migration and applies it again.</summary>
    public Task<RunResult> RedoAsync(IProgress<RunEvent>? progress = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Checks files against the history: changed checksums, missing files, failures, out-of-order pending files.</summary>
    public Task<ValidationReport> ValidateAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Marks an existing database as being at <paramref name="id"/>: files up to it count as applied.</summary>
    public Task BaselineAsync(string id, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Clears failed records (and accepts changed checksums when asked); returns what was done.</summary>
    public Task<IReadOnlyList<string>> RepairAsync(RepairOptions? options = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The newest <paramref name="limit"/> entries of the audit log, newest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> HistoryAsync(int limit = 100, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
