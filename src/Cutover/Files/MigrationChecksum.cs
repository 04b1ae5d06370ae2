using System.Security.Cryptography;
using System.Text;

namespace Cutover.Files;

/// <summary>The checksum that detects an applied migration file being edited.</summary>
public static class MigrationChecksum
{
    /// <summary>
    /// Lower-case hex SHA-256 of the UTF-8 text with a leading BOM removed and CRLF / CR line endings
    /// normalised to LF, so a checkout on another OS does not look like an edit.
    /// </summary>
    public static string Compute(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))));

    internal static string Normalize(string text) =>
        text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}
