namespace Cutover.Files;

/// <summary>A line of a file, for errors that name where the problem is written.</summary>
internal readonly record struct FileLine(string Path, int Line)
{
    public override string ToString() => $"{Path}:{Line}";

    /// <summary>Reads back what <see cref="ToString"/> wrote (a backfill's stored source).</summary>
    public static FileLine Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? new FileLine(text[..colon], line)
            : new FileLine(text, 0);
    }
}
