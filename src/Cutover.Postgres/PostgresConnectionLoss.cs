using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Tells a lost connection from an ordinary statement error, by the server's SQLSTATE (class 57P operator
/// intervention, class 08 connection exception) or by the driver's I/O failure underneath. What PostgreSQL 15 sends:
/// pg_terminate_backend and a fast shutdown (also of `pg_ctl restart -m fast`) both end the session with FATAL 57P01
/// "terminating connection due to administrator command" — the client cannot tell them apart; an immediate shutdown
/// sends only a WARNING 57P01 "terminating connection due to immediate shutdown command" and closes the socket, so the
/// driver throws an I/O error and the warning, remembered per connection by <see cref="Watch"/>, says why.
/// </summary>
internal static class PostgresConnectionLoss
{
    /// <summary>The last operator-intervention notice (class 57P) each connection received: the why of a socket that closes after it.</summary>
    private static readonly ConditionalWeakTable<NpgsqlConnection, PostgresNotice> Farewells = new();

    /// <summary>Remembers the shutdown warning the server may send on <paramref name="connection"/> just before it hangs up.</summary>
    public static void Watch(NpgsqlConnection connection) =>
        connection.Notice += (_, e) =>
        {
            if (e.Notice.SqlState.StartsWith("57P", StringComparison.Ordinal))
                Farewells.AddOrUpdate(connection, e.Notice);
        };

    public static string? CauseOf(NpgsqlConnection? connection, Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return FromServer(p.SqlState, p.MessageText);
                case PostgresException:
                    // Any other server error is about the statement, not the connection.
                    return null;
                case NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } n:
                    return connection is not null && Farewells.TryGetValue(connection, out var notice) && FromServer(notice.SqlState, notice.MessageText) is { } said
                        ? $"{said}; then it closed the connection"
                        : $"the network connection to the server broke ({n.InnerException!.Message.ReplaceLineEndings(" ")})";
            }
        }
        return null;
    }

    private static string? FromServer(string sqlState, string text) => sqlState switch
    {
        // pg_terminate_backend and a fast shutdown send the same code and text; an immediate shutdown says "shutdown".
        PostgresErrorCodes.AdminShutdown when text.Contains("shutdown", StringComparison.OrdinalIgnoreCase) =>
            $"the server is shutting down or restarting ({text}, SQLSTATE {sqlState})",
        PostgresErrorCodes.AdminShutdown =>
            $"the session was terminated by an administrator command: pg_terminate_backend, or a fast shutdown or restart of the server ({text}, SQLSTATE {sqlState})",
        PostgresErrorCodes.CrashShutdown => $"the server is restarting after a crash ({text}, SQLSTATE {sqlState})",
        PostgresErrorCodes.CannotConnectNow => $"the server is starting up or shutting down ({text}, SQLSTATE {sqlState})",
        PostgresErrorCodes.IdleSessionTimeout => $"the server ended the idle session ({text}, SQLSTATE {sqlState})",
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => $"connection failure ({text}, SQLSTATE {sqlState})",
        _ => null,
    };
}
