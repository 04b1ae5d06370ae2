namespace Cutover.Rehearsal.Contracts;

/// <summary>How a <see cref="RowCountExpectation"/> compares the row count with its number.</summary>
public enum RowCountOperator
{
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
}

/// <summary>The operators as written in contract files.</summary>
internal static class RowCountOperators
{
    public static string Symbol(this RowCountOperator op) => op switch
    {
        RowCountOperator.GreaterOrEqual => ">=",
        RowCountOperator.Greater => ">",
        RowCountOperator.Equal => "=",
        RowCountOperator.LessOrEqual => "<=",
        RowCountOperator.Less => "<",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
    };

    public static RowCountOperator? FromSymbol(string symbol) => symbol switch
    {
        ">=" => RowCountOperator.GreaterOrEqual,
        ">" => RowCountOperator.Greater,
        "=" => RowCountOperator.Equal,
        "<=" => RowCountOperator.LessOrEqual,
        "<" => RowCountOperator.Less,
        _ => null,
    };
}
