using System.Text.RegularExpressions;

namespace Cutover;

/// <summary>What every provider needs to say about a connection string, without parsing it with a driver.</summary>
public static partial class ConnectionStrings
{
    /// <summary>What a secret is replaced with when a connection string is printed.</summary>
    public const string Mask = "***";

    // Every spelling a driver takes for a secret: Password, PWD, PSW, SSL Password / SslPassword, at the start or after a ';'.
    [GeneratedRegex(@"(?i)(^|;)(\s*(?:ssl\s*)?(?:password|pwd|psw)\s*)=\s*(""(?:[^""]|"""")*""|'(?:[^']|'')*'|[^;]*)")]
    private static partial Regex PasswordPair();

    // user:password@ in a URI, with any leading space; the password runs to the last '@', since an unescaped '@' in it
    // would otherwise leave its tail in plain sight (a host is never worth a leaked secret).
    [GeneratedRegex(@"(?is)^(\s*[a-z][a-z0-9+.-]*://[^:/@]*:).*@")]
    private static partial Regex UriPassword();

    /// <summary>
    /// The keys of a <c>key=value;…</c> connection string, lower-case, in order. A URI has none of a provider's keys:
    /// its text up to the first <c>=</c> or <c>;</c> comes back as one "key".
    /// </summary>
    public static IReadOnlyList<string> Keys(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return connectionString.Trim().Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2)[0].Trim().ToLowerInvariant())
            .ToList();
    }

    /// <summary>Removes password values from a connection string no driver could parse, for printing it.</summary>
    public static string RedactUnparsed(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return UriPassword().Replace(PasswordPair().Replace(connectionString, "$1$2=" + Mask), "$1" + Mask + "@");
    }
}
