namespace Cutover.Sql;

/// <summary>
/// Recognises statements that begin, end or mark a transaction (<c>BEGIN</c>, <c>COMMIT</c>, <c>ROLLBACK</c>,
/// <c>SAVEPOINT</c> …). Cutover owns the transactions of a migration: a transactional step commits together with its
/// history row, and a no-transaction step commits each statement on its own with progress recorded between them, so
/// such a statement in a step would commit part of it without its record, or wrap Cutover's bookkeeping in the
/// user's transaction. Only a statement that starts with the word counts: a <c>COMMIT</c> inside a function or
/// <c>DO</c> body is in a string, and a trigger's or <c>BEGIN ATOMIC</c> body's <c>BEGIN</c> is not at the start.
/// </summary>
internal static class TransactionControl
{
    // Both engines: BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE|WORK|TRANSACTION], COMMIT, END, ROLLBACK [TO], SAVEPOINT, RELEASE.
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase) { "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE" };

    /// <summary>
    /// The words that make <paramref name="statementText"/> transaction control, upper-cased (<c>COMMIT</c>,
    /// <c>START TRANSACTION</c>), or null when it is not.
    /// </summary>
    /// <exception cref="CutoverException">An unterminated string, identifier, dollar quote or comment (bad input).</exception>
    public static string? Find(string statementText, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statementText);
        var words = SqlLexer.Tokenize(statementText, dialect).Where(t => t.IsSignificant).Take(2).ToList();
        if (words.Count == 0 || words[0].Kind != SqlTokenKind.Word)
        {
            return null;
        }
        var first = words[0].Text.ToUpperInvariant();
        var second = words.Count > 1 && words[1].Kind == SqlTokenKind.Word ? words[1].Text.ToUpperInvariant() : null;
        if (Common.Contains(first))
        {
            return first;
        }
        // PostgreSQL also has ABORT (ROLLBACK), START TRANSACTION (BEGIN) and the two-phase PREPARE TRANSACTION.
        return dialect == SqlDialect.Postgres && (first == "ABORT" || (first is "START" or "PREPARE" && second == "TRANSACTION"))
            ? second == "TRANSACTION" ? $"{first} TRANSACTION" : first
            : null;
    }
}
