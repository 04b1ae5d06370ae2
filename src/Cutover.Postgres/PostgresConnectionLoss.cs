using System.Net.Sockets;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Tells a lost connection from an ordinary statement error, by the server's SQLSTATE (class 57P operator
/// intervention, class 08 connection exception) or by the driver's I/O failure underneath.
/// </summary>
internal static class PostgresConnectionLoss
{
    public static string? CauseOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.AdminShutdown } p:
                    // pg_terminate_backend and a fast or immediate shutdown send the same code; the text tells them apart.
                    return p.MessageText.Contains("shutdown", StringComparison.OrdinalIgnoreCase)
                        ? $"the server is shutting down or restarting ({p.MessageText}, SQLSTATE {p.SqlState})"
                        : $"the session was terminated by an administrator, e.g. with pg_terminate_backend ({p.MessageText}, SQLSTATE {p.SqlState})";
                case PostgresException { SqlState: PostgresErrorCodes.CrashShutdown } p:
                    return $"the server is restarting after a crash ({p.MessageText}, SQLSTATE {p.SqlState})";
                case PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow } p:
                    return $"the server is starting up or shutting down ({p.MessageText}, SQLSTATE {p.SqlState})";
                case PostgresException { SqlState: PostgresErrorCodes.IdleSessionTimeout } p:
                    return $"the server ended the idle session ({p.MessageText}, SQLSTATE {p.SqlState})";
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return $"connection failure ({p.MessageText}, SQLSTATE {p.SqlState})";
                case PostgresException:
                    // Any other server error is about the statement, not the connection.
                    return null;
                case NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } n:
                    return $"the network connection to the server broke ({n.InnerException!.Message.ReplaceLineEndings(" ")})";
            }
        }
        return null;
    }
}
