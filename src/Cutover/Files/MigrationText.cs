using System.Text;
using Cutover.Sql;

namespace Cutover.Files;

/// <summary>The normalisations of migration text: the checksum's, and the parser's, which keeps literals' bytes.</summary>
internal static class MigrationText
{
    /// <summary>
    /// Drops a leading BOM and turns CRLF and lone CR into LF, everywhere. The checksum uses this: it is computed
    /// without knowing the engine (by the pre-merge tooling, and from git objects), so it cannot tell a literal apart.
    /// </summary>
    public static string Normalise(string text)
    {
        // Not ReplaceLineEndings: it also rewrites U+2028, NEL and form feed, which may sit inside
        // a string literal and are part of the statement.
        return WithoutBom(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    /// <summary>
    /// The text the parser reads and the database runs: a leading BOM dropped and CRLF turned into LF everywhere
    /// (a checkout on Windows writes CRLF into multi-line literals too, and the author wrote LF), and a lone CR
    /// turned into LF except inside a string literal or quoted identifier, where it is a byte of the value
    /// (<c>'a\rb'</c> stays three characters). Text that does not lex is normalised everywhere: the parser reports it.
    /// </summary>
    public static string Normalise(string text, SqlDialect dialect)
    {
        var crlf = WithoutBom(text).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!crlf.Contains('\r', StringComparison.Ordinal))
        {
            return crlf;
        }
        try
        {
            var kept = new StringBuilder(crlf.Length);
            foreach (var token in SqlLexer.Tokenize(crlf, dialect))
            {
                kept.Append(token.Kind is SqlTokenKind.String or SqlTokenKind.QuotedIdentifier ? token.Text : token.Text.Replace('\r', '\n'));
            }
            return kept.ToString();
        }
        catch (CutoverException)
        {
            return crlf.Replace('\r', '\n');
        }
    }

    private static string WithoutBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
}
