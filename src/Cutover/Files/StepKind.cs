namespace Cutover.Files;

/// <summary>The kinds of step a migration file can contain (the <c>-- cutover:&lt;kind&gt;</c> directives).</summary>
public enum StepKind
{
    /// <summary><c>-- cutover:up</c>: runs in one transaction together with its history record.</summary>
    Up,
    /// <summary><c>-- cutover:up no-transaction</c>: each statement on its own, progress recorded per statement.</summary>
    UpNoTransaction,
    /// <summary>
    /// <c>-- cutover:backfill &lt;table&gt; …</c>: one data change run in keyset batches, each batch committed with
    /// its checkpoint in <c>cutover_backfill</c>.
    /// </summary>
    Backfill,
    /// <summary><c>-- cutover:down</c>: a transactional rollback step; down steps run in reverse file order.</summary>
    Down,
    /// <summary><c>-- cutover:down no-transaction</c>: a non-transactional rollback step.</summary>
    DownNoTransaction,
    /// <summary>
    /// <c>-- cutover:op &lt;kind&gt; …</c>: a declared zero-downtime operation (<see cref="Operations.Operation"/>). Before it runs it
    /// is expanded into the up, backfill and down steps its engine generates; it never runs as written.
    /// </summary>
    Operation,
}

/// <summary>Helpers over <see cref="StepKind"/>.</summary>
public static class StepKindExtensions
{
    /// <summary>Whether the step runs inside one transaction.</summary>
    public static bool IsTransactional(this StepKind kind) => kind is StepKind.Up or StepKind.Down;

    /// <summary>Whether the step belongs to the rollback direction.</summary>
    public static bool IsDown(this StepKind kind) => kind is StepKind.Down or StepKind.DownNoTransaction;

    /// <summary>The directive text as written in a file, for example <c>up no-transaction</c>.</summary>
    public static string Directive(this StepKind kind) => kind switch
    {
        StepKind.Up => "up",
        StepKind.UpNoTransaction => "up no-transaction",
        StepKind.Backfill => "backfill",
        StepKind.Down => "down",
        StepKind.DownNoTransaction => "down no-transaction",
        StepKind.Operation => "op",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
