namespace Cutover.Sql;

/// <summary>What a <see cref="SqlToken"/> is, as far as splitting and linting need to know.</summary>
public enum SqlTokenKind
{
    /// <summary>A bare word: a keyword or an unquoted identifier.</summary>
    Word,
    /// <summary>A quoted identifier: <c>"x"</c>, <c>U&amp;"x"</c>, and on SQLite <c>[x]</c> or <c>`x`</c>.</summary>
    QuotedIdentifier,
    /// <summary>A string literal, including PostgreSQL <c>E''</c>, <c>U&amp;''</c> and dollar quotes.</summary>
    String,
    /// <summary>A numeric literal.</summary>
    Number,
    /// <summary>A bind parameter: <c>$1</c> on PostgreSQL; <c>?1</c>, <c>:x</c>, <c>@x</c>, <c>$x</c> on SQLite.</summary>
    Parameter,
    /// <summary>One punctuation or operator character, including the statement-ending <c>;</c>.</summary>
    Punct,
    /// <summary>A <c>--</c> line comment (without its line break) or a <c>/* */</c> block comment.</summary>
    Comment,
    /// <summary>A run of white space.</summary>
    Whitespace,
}

/// <summary>One lexical token of SQL text.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The token's text exactly as written, quotes and all.</param>
/// <param name="Start">Offset of the token in the text given to the lexer.</param>
/// <param name="Line">1-based line where the token starts, offset by the lexer's first line.</param>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start, int Line)
{
    /// <summary>Whether the token is part of a statement's meaning (not a comment or white space).</summary>
    public bool IsSignificant => Kind is not (SqlTokenKind.Comment or SqlTokenKind.Whitespace);

    /// <summary>Whether the token is the bare word <paramref name="word"/>, ignoring case.</summary>
    public bool IsWord(string word) =>
        Kind == SqlTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the token is the punctuation character <paramref name="c"/>.</summary>
    public bool IsPunct(char c) => Kind == SqlTokenKind.Punct && Text.Length == 1 && Text[0] == c;
}
