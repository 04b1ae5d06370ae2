namespace Cutover.Sql;

/// <summary>What a constraint clause of a table or column definition is.</summary>
public enum ConstraintKind
{
    /// <summary><c>CHECK (expression)</c>.</summary>
    Check,
    /// <summary><c>UNIQUE</c>, on a column or over a list of keys.</summary>
    Unique,
    /// <summary><c>PRIMARY KEY</c>, on a column or over a list of keys.</summary>
    PrimaryKey,
    /// <summary><c>REFERENCES</c> on a column, or <c>FOREIGN KEY (…) REFERENCES</c>.</summary>
    ForeignKey,
    /// <summary>Anything else: <c>EXCLUDE</c>, <c>LIKE</c>, or a form the parser does not take apart.</summary>
    Other,
}
