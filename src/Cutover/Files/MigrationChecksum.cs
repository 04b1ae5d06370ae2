using System.Security.Cryptography;
using System.Text;

namespace Cutover.Files;

/// <summary>The checksum that tells whether an applied migration file has changed since.</summary>
internal static class MigrationChecksum
{
    /// <summary>
    /// Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/> after dropping a leading
    /// byte-order mark and turning CRLF and CR into LF, so that a checkout on another operating
    /// system (or an editor that adds a BOM) does not look like an edit, while any real edit does.
    /// </summary>
    public static string Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalised = MigrationText.Normalise(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }
}
