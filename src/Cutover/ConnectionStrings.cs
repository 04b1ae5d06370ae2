using System.Text.RegularExpressions;

namespace Cutover;

/// <summary>What every provider needs to say about a connection string, without parsing it with a driver.</summary>
public static partial class ConnectionStrings
{
    [GeneratedRegex(@"(?i)(password|pwd)\s*=\s*(""[^""]*""|'[^']*'|[^;]*)")]
    private static partial Regex PasswordPair();

    [GeneratedRegex(@"(?i)^([a-z][a-z0-9+.-]*://[^:/@]*:)[^@]*@")]
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
        return UriPassword().Replace(PasswordPair().Replace(connectionString, "$1=***"), "$1***@");
    }
}
