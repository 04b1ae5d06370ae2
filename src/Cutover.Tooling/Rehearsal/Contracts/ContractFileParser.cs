using System.Text.RegularExpressions;
using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Rehearsal.Contracts;

/// <summary>Reads one contract file: the <c>-- expect:</c> header lines and exactly one query.</summary>
internal static partial class ContractFileParser
{
    private const string OneQuery = "a contract file holds exactly one SELECT (or WITH … SELECT); put each query in a file of its own";

    // "expect" in any case and spacing is taken as an attempt at an expectation, so that a typo
    // after it is reported rather than silently becoming a comment.
    [GeneratedRegex(@"^--\s*expect\s*:(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ExpectLine();

    /// <exception cref="CutoverException">The file is malformed (bad input naming <c>path:line</c>).</exception>
    public static ContractQuery Parse(string path, string text, SqlDialect dialect)
    {
        text = MigrationText.Normalise(text);
        var expectations = new List<ContractExpectation>();
        var inHeader = true;
        foreach (var token in SqlLexer.Tokenize(text, dialect, path))
        {
            if (token.IsSignificant)
            {
                inHeader = false;
                continue;
            }
            if (token.Kind != SqlTokenKind.Comment || ExpectLine().Match(token.Text) is not { Success: true } match)
            {
                continue;
            }
            if (!inHeader)
            {
                throw new InvalidFileException(
                    path, token.Line, $"'-- expect:' after the query has started",
                    "move the expectation to the comment lines above the query");
            }
            expectations.AddRange(ExpectationParser.Parse(path, token.Line, match.Groups["value"].Value));
        }
        RejectRepeats(path, expectations);

        var statements = SqlSplitter.Split(text, dialect, path);
        if (statements.Count == 0)
        {
            throw new InvalidFileException(path, 1, $"no query in the contract file", OneQuery);
        }
        if (statements.Count > 1)
        {
            throw new InvalidFileException(path, statements[1].Line, $"a second statement in a contract file", OneQuery);
        }
        var statement = statements[0];
        if (QueryShape.WhyNotAQuery(statement, dialect) is { } why)
        {
            throw new InvalidFileException(path, statement.Line, $"not a query: {why}", OneQuery);
        }

        return new ContractQuery(
            System.IO.Path.GetFileNameWithoutExtension(path),
            path,
            statement.Line,
            WithoutLeadingComments(statement, dialect),
            expectations,
            QueryShape.HasTopLevelOrderBy(statement, dialect));
    }

    /// <summary>The query from its first token: the header comments, expectations included, are the file's, not the query's.</summary>
    private static string WithoutLeadingComments(SqlStatement statement, SqlDialect dialect) =>
        statement.Text[SqlLexer.Tokenize(statement.Text, dialect).First(t => t.IsSignificant).Start..];

    /// <summary>Row counts and not-null may repeat (a range, columns on two lines); a second same-rows or max-slowdown is a mistake.</summary>
    private static void RejectRepeats(string path, List<ContractExpectation> expectations)
    {
        foreach (var kind in new[] { typeof(SameRowsExpectation), typeof(MaxSlowdownExpectation) })
        {
            var same = expectations.Where(e => e.GetType() == kind).ToList();
            if (same.Count > 1)
            {
                throw new InvalidFileException(
                    path, same[1].Line, $"a second '{same[1].Text}' expectation (the first is on line {same[0].Line})",
                    "keep one");
            }
        }
    }
}
