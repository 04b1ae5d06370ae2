using BootstrapApp.Data;
using BootstrapApp.Web;

namespace BootstrapApp.Shapes;

/// <summary>v1: the old build never looks at rollouts; every request gets the tables as they are.</summary>
public sealed class OldShapeChooser(Database database, RequestInfo request) : IShapeChooser
{
    public async Task<ShapedConnection> OpenAsync(Feature feature, CancellationToken cancellationToken)
    {
        request.Shape = DataShape.Old;
        return new ShapedConnection(await database.OpenAsync(cancellationToken), DataShape.Old);
    }
}
