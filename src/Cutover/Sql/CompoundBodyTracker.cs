namespace Cutover.Sql;

/// <summary>
/// Follows one statement's tokens to tell when a <c>;</c> is inside a compound body rather than
/// ending the statement: a SQLite <c>CREATE TRIGGER … BEGIN … END</c> body, or a PostgreSQL
/// <c>CREATE FUNCTION|PROCEDURE … BEGIN ATOMIC … END</c> body. A plain <c>BEGIN;</c> that opens
/// a transaction is not affected, because only statements that start like those count.
/// </summary>
internal sealed class CompoundBodyTracker(SqlDialect dialect)
{
    // Enough leading words to recognise CREATE OR REPLACE FUNCTION and CREATE TEMPORARY TRIGGER.
    private const int LeadingWordsNeeded = 4;

    private readonly List<string> _leading = new(LeadingWordsNeeded);
    private int _significantSeen;
    private int _parens;

    /// <summary>How many BEGIN (and CASE inside a body) are open; a <c>;</c> splits only at 0.</summary>
    public int Depth { get; private set; }

    /// <summary>Forgets the statement, ready for the next one.</summary>
    public void Reset()
    {
        _leading.Clear();
        _significantSeen = 0;
        _parens = 0;
        Depth = 0;
    }

    /// <summary>Takes the next significant token of the statement.</summary>
    public void Observe(SqlToken token)
    {
        if (_significantSeen++ < LeadingWordsNeeded)
        {
            // A non-word (a quoted name, a parenthesis) breaks the pattern, so it is recorded as "".
            _leading.Add(token.Kind == SqlTokenKind.Word ? token.Text.ToUpperInvariant() : "");
        }

        if (token.IsPunct('('))
        {
            _parens++;
        }
        else if (token.IsPunct(')'))
        {
            _parens = Math.Max(0, _parens - 1);
        }

        // Words inside parentheses are names or expressions (a parameter called "begin", a CASE
        // inside VALUES (...)) whose END is also inside them, so only depth 0 counts.
        if (token.Kind != SqlTokenKind.Word || _parens > 0 || !HasCompoundBody())
        {
            return;
        }

        if (token.IsWord("BEGIN"))
        {
            Depth++;
        }
        else if (token.IsWord("CASE"))
        {
            // CASE ... END inside a body must not close the body; outside one (a trigger's WHEN
            // clause) its END is matched by nothing, so it is left alone.
            if (Depth > 0)
            {
                Depth++;
            }
        }
        else if (token.IsWord("END") && Depth > 0)
        {
            Depth--;
        }
    }

    private bool HasCompoundBody()
    {
        if (_leading.Count < 2 || _leading[0] != "CREATE")
        {
            return false;
        }

        return dialect switch
        {
            SqlDialect.Sqlite => _leading[1] == "TRIGGER"
                || (_leading[1] is "TEMP" or "TEMPORARY" && _leading.Count > 2 && _leading[2] == "TRIGGER"),
            _ => _leading[1] is "FUNCTION" or "PROCEDURE"
                || (_leading.Count > 3 && _leading[1] == "OR" && _leading[2] == "REPLACE" && _leading[3] is "FUNCTION" or "PROCEDURE"),
        };
    }
}
