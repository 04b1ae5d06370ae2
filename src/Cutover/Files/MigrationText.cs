namespace Cutover.Files;

/// <summary>The one normalisation of migration text that parsing and checksums share.</summary>
internal static class MigrationText
{
    /// <summary>Drops a leading BOM and turns CRLF and lone CR into LF.</summary>
    public static string Normalise(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        // Not ReplaceLineEndings: it also rewrites U+2028, NEL and form feed, which may sit inside
        // a string literal and are part of the statement.
        return text[start..].Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }
}
