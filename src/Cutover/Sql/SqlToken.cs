namespace Cutover.Sql;

/// <summary>The lexical classes the splitter and later the lint rules care about.</summary>
internal enum SqlTokenKind
{
    Whitespace,
    LineComment,
    BlockComment,
    String,
    QuotedIdentifier,
    DollarString,
    Word,
    Punctuation,
}

/// <summary>One token: where it is in the text and on which 1-based line it starts.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, int Line)
{
    public bool IsTrivia => Kind is SqlTokenKind.Whitespace or SqlTokenKind.LineComment or SqlTokenKind.BlockComment;

    public bool IsWord(string text, string word) =>
        Kind == SqlTokenKind.Word && text.AsSpan(Start, Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsPunctuation(string text, char c) => Kind == SqlTokenKind.Punctuation && text[Start] == c;
}
