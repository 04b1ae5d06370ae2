namespace Cutover;

/// <summary>What a <see cref="Migrator"/> works on and how carefully.</summary>
public sealed record CutoverOptions
{
    /// <summary>The target database. SQLite: <c>Data Source=app.db</c>; PostgreSQL: <c>Host=…;Database=…</c>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// The folder holding <c>&lt;yyyyMMddHHmmss&gt;_&lt;slug&gt;.sql</c> files. A relative folder is resolved against the working
    /// directory by a <see cref="Migrator"/> created directly, and against <see cref="AppContext.BaseDirectory"/> when registered
    /// with <c>AddCutover</c>. With <see cref="MigrationsAssembly"/>, the folder the embedded files sat in within that project.
    /// </summary>
    public string MigrationsFolder { get; init; } = "migrations";

    /// <summary>
    /// When set, the migrations are the embedded resources of this assembly that sit in <see cref="MigrationsFolder"/>
    /// (<c>&lt;EmbeddedResource Include="migrations/*.sql" /&gt;</c>) instead of files on disk, so an application ships as one
    /// assembly. Null (the default): files in <see cref="MigrationsFolder"/>.
    /// </summary>
    public System.Reflection.Assembly? MigrationsAssembly { get; init; }

    /// <summary>How long complete keeps the data it drops (the old columns of a changed table) in an archive table.</summary>
    public TimeSpan ArchiveRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a rollout must have been at 100% before complete runs (a migration without a rollout is not held).
    /// </summary>
    public TimeSpan RolloutSoak { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait for another runner's migration lock before giving up with a <see cref="LockTimeoutException"/>.</summary>
    public TimeSpan LockWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>lock_timeout and retries for statements that take table locks (PostgreSQL).</summary>
    public LockRetryPolicy LockRetry { get; init; } = new();

    /// <summary>
    /// When set, the canonical schema text (<see cref="Schema.SchemaText"/>) is written to this file after
    /// every up, down and redo that ran a migration, so each change shows its effect on the model in review.
    /// </summary>
    public string? SchemaFile { get; init; }

    /// <summary>The PostgreSQL schemas whose objects make up the schema model (SQLite has one and ignores this).</summary>
    public IReadOnlyList<string> Schemas { get; init; } = ["public"];

    /// <summary>How backfill steps size, pace and throttle their batches.</summary>
    public Backfill.BackfillOptions Backfill { get; init; } = new();

    /// <summary>The C# backfills migrations may name with <c>code=</c>.</summary>
    public IReadOnlyList<Backfill.CodeBackfill> Backfills { get; init; } = [];

    /// <summary>Recorded as who applied a migration; defaults to the OS user.</summary>
    public string AppliedBy { get; init; } = Environment.UserName;
}
