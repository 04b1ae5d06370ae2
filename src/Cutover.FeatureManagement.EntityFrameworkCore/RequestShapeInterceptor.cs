using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Cutover.FeatureManagement.EntityFrameworkCore;

/// <summary>
/// Gives each connection a DbContext opens the shape of its request (<see cref="RequestShape"/>): before it opens, the
/// connection string of that shape (pools never mix shapes); once open, the shape's statements.
/// </summary>
public sealed class RequestShapeInterceptor(RequestShape shape) : DbConnectionInterceptor
{
    /// <inheritdoc />
    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var wanted = await shape.ConnectionStringAsync(connection.ConnectionString, cancellationToken).ConfigureAwait(false);
        // Set only when it differs: a driver may hide the password from ConnectionString once a connection has been open.
        if (!string.Equals(wanted, connection.ConnectionString, StringComparison.Ordinal))
            connection.ConnectionString = wanted;
        return result;
    }

    /// <inheritdoc />
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        shape.ApplyAsync(connection, cancellationToken);

    // EF Core's synchronous calls (SaveChanges, ToList) open synchronously. The shape is decided once per request and then
    // cached, and ASP.NET Core has no synchronization context to deadlock on, so waiting here is safe.

    /// <inheritdoc />
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ConnectionOpeningAsync(connection, eventData, result).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();
}
