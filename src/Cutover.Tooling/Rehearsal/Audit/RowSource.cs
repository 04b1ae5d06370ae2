using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>The rows a constraint is checked against.</summary>
internal abstract record RowSource;

/// <summary>The rows of a table that exists before the migrations run.</summary>
internal sealed record TableRows(TableName Table) : RowSource;

/// <summary>
/// The rows an <c>INSERT INTO target (columns) SELECT …</c> would produce: the query runs as
/// <c>WITH cutover_src (columns) AS (select) …</c>. <see cref="Reads"/> are the tables named after FROM or JOIN.
/// </summary>
internal sealed record SelectedRows(TableName Target, IReadOnlyList<string> Columns, string Select, IReadOnlyList<string> Reads) : RowSource;
