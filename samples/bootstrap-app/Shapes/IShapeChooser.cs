namespace BootstrapApp.Shapes;

/// <summary>Gives a request a connection of the shape its version and rollout say, for one feature.</summary>
public interface IShapeChooser
{
    Task<ShapedConnection> OpenAsync(Feature feature, CancellationToken cancellationToken);
}
