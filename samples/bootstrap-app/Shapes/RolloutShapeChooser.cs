using BootstrapApp.Data;
using BootstrapApp.Web;
using Cutover.FeatureManagement;

namespace BootstrapApp.Shapes;

/// <summary>
/// v2: each feature's flag decides, per request, between its migration's old and new shape: profiles by story #5's flag
/// (the migration registered with AddCutoverRollouts), permissions by story #3's, each through its own
/// <see cref="RequestShape"/>. Cutover keeps at most one of the two in its window (both change users), so the other one is
/// either not started (old shape, for everyone) or completed (the tables have its shape, and its flag is on for everyone).
/// </summary>
public sealed class RolloutShapeChooser(RequestShapes shapes, RequestInfo request) : IShapeChooser
{
    public async Task<ShapedConnection> OpenAsync(Feature feature, CancellationToken cancellationToken)
    {
        var shape = shapes.For(feature == Feature.Profiles ? FeatureMigrations.Profiles : FeatureMigrations.Permissions);
        var isNew = await shape.IsNewAsync(cancellationToken);
        var shaped = new ShapedConnection(await shape.OpenAsync(cancellationToken), isNew ? DataShape.New : DataShape.Old);
        request.Shape = shaped.Shape;
        return shaped;
    }
}
