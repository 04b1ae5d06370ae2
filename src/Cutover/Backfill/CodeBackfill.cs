namespace Cutover.Backfill;

/// <summary>
/// A backfill whose new values are computed in C#, for changes SQL expresses badly (reshaping a JSON value,
/// calling a library). A migration names it with <c>-- cutover:backfill &lt;table&gt; code=&lt;Name&gt;</c>; it is
/// registered in <see cref="CutoverOptions.Backfills"/>. Cutover reads each batch's rows (the key and
/// <see cref="Columns"/>), hands them to <see cref="TransformAsync"/>, and writes back the rows whose values
/// were set, in the batch's transaction together with the checkpoint: the same batching, checkpoints and
/// throttling as a SQL backfill.
/// </summary>
public abstract class CodeBackfill
{
    /// <summary>The name a migration file uses in <c>code=</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The columns each row carries, read before and written after <see cref="TransformAsync"/>.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>
    /// Sets new values on the rows of one batch with <see cref="BackfillRow.Set"/>; rows left untouched are not
    /// written. Runs inside the batch's transaction: an exception rolls the batch back and stops the backfill,
    /// naming the batch's key range, and a rerun retries the same batch.
    /// </summary>
    public abstract ValueTask TransformAsync(IReadOnlyList<BackfillRow> rows, CancellationToken cancellationToken);
}

/// <summary>One row of a <see cref="CodeBackfill"/> batch.</summary>
public sealed class BackfillRow
{
    private readonly IReadOnlyList<string> _columns;
    private readonly object?[] _values;

    internal BackfillRow(IReadOnlyList<object> key, IReadOnlyList<string> columns, object?[] values)
    {
        Key = key;
        _columns = columns;
        _values = values;
    }

    /// <summary>The row's key values, in key column order.</summary>
    public IReadOnlyList<object> Key { get; }

    /// <summary>Whether <see cref="Set"/> was called: only changed rows are written.</summary>
    public bool Changed { get; private set; }

    /// <summary>The value of a column (null for SQL NULL), as the driver returns it.</summary>
    public object? this[string column] => _values[IndexOf(column)];

    /// <summary>Gives a column a new value (null writes SQL NULL).</summary>
    public void Set(string column, object? value)
    {
        _values[IndexOf(column)] = value;
        Changed = true;
    }

    internal IReadOnlyList<object?> Values => _values;

    private int IndexOf(string column)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (string.Equals(_columns[i], column, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        throw new ArgumentException($"column '{column}' is not one of the backfill's columns ({string.Join(", ", _columns)})", nameof(column));
    }
}
