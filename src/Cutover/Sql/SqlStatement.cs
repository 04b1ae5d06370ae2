namespace Cutover.Sql;

/// <summary>One statement of a migration step, with the line of the file where it starts.</summary>
/// <param name="Text">The statement text without its terminating semicolon, trimmed; comments are kept.</param>
/// <param name="Line">1-based line of the migration file where the statement's first token is.</param>
public sealed record SqlStatement(string Text, int Line);
