using System.Security.Cryptography;
using System.Text;

namespace Cutover.Cli.Serving;

/// <summary>
/// The secret `cutover serve` demands when it listens beyond loopback: anyone on the network could otherwise read the
/// migrations and audit log. Shown once in the printed URL (?token=…); the first request that carries it gets a cookie
/// instead, so the token leaves the address bar and the browser history.
/// </summary>
internal sealed class DashboardToken(string value)
{
    public const string QueryName = "token";
    public const string CookieName = "cutover_dashboard_token";

    public string Value { get; } = value;

    /// <summary>A new token of 192 random bits, hex-encoded so it needs no escaping in a URL or cookie.</summary>
    public static DashboardToken Generate() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Compares in constant time, so response timing does not reveal how much of a guess was right.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
}
