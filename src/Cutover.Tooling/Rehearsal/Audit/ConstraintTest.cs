using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>How the rows that violate a constraint are found; each becomes one query.</summary>
internal abstract record ConstraintTest;

/// <summary>Rows where the column is NULL (NOT NULL, and the columns of a PRIMARY KEY).</summary>
internal sealed record NullTest(string Column) : ConstraintTest;

/// <summary>Every row violates: a NOT NULL column that the rows get no value for.</summary>
internal sealed record EveryRowTest(string Column) : ConstraintTest;

/// <summary>Rows where NOT (expression); a NULL result passes, as it does in SQL.</summary>
internal sealed record CheckTest(string Expression) : ConstraintTest;

/// <summary>Rows whose key has no match in the referenced table; <see cref="ReferencedColumns"/> null means its primary key.</summary>
internal sealed record ReferenceTest(IReadOnlyList<string> Columns, TableName Referenced, IReadOnlyList<string>? ReferencedColumns, bool MatchFull) : ConstraintTest;

/// <summary>Rows in groups that share a key (UNIQUE, PRIMARY KEY); rows with a NULL in the key pass unless NULLS NOT DISTINCT.</summary>
internal sealed record DuplicateTest(IReadOnlyList<IndexKey> Keys, bool NullsNotDistinct, string? Where) : ConstraintTest;

/// <summary>The audit cannot evaluate this constraint; the reason becomes the finding's note.</summary>
internal sealed record NotAuditable(string Reason) : ConstraintTest;
