using System.Data.Common;

namespace BootstrapApp.Shapes;

/// <summary>An open connection and the shape it sees; disposing it closes the connection.</summary>
public sealed class ShapedConnection(DbConnection connection, DataShape shape) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DataShape Shape { get; } = shape;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
