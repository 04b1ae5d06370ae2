using BootstrapApp.Data;
using BootstrapApp.Web;
using Cutover;
using Cutover.FeatureManagement;
using Cutover.Rollouts;
using Microsoft.FeatureManagement;

namespace BootstrapApp.Shapes;

/// <summary>
/// v2: each feature's flag decides, per request, between its migration's old and new shape. Story #5 (profiles) is the
/// migration the app registers with AddCutoverRollouts, so its pages go through <see cref="RequestShape"/>; story #3
/// (permissions) has its own flag, <c>cutover:&lt;id&gt;</c>, served by the same definition provider, and its connection is
/// given that migration's new shape the way RequestShape gives story #5's. Cutover keeps at most one of the two in its
/// window (both change users), so the other one is either not started (old shape, for everyone) or completed (the tables
/// have its shape, and its flag is on for everyone).
/// </summary>
public sealed class RolloutShapeChooser(RequestShape profiles, IVariantFeatureManager features, Migrator migrator, Database database, RequestInfo request)
    : IShapeChooser
{
    public async Task<ShapedConnection> OpenAsync(Feature feature, CancellationToken cancellationToken)
    {
        var shaped = feature == Feature.Profiles ? await OpenProfilesAsync(cancellationToken) : await OpenPermissionsAsync(cancellationToken);
        request.Shape = shaped.Shape;
        return shaped;
    }

    private async Task<ShapedConnection> OpenProfilesAsync(CancellationToken cancellationToken)
    {
        var isNew = await profiles.IsNewAsync(cancellationToken);
        return new ShapedConnection(await profiles.OpenAsync(cancellationToken), isNew ? DataShape.New : DataShape.Old);
    }

    private async Task<ShapedConnection> OpenPermissionsAsync(CancellationToken cancellationToken)
    {
        if (!await features.IsEnabledAsync(RolloutState.FlagOf(FeatureMigrations.Permissions), cancellationToken))
            return new ShapedConnection(await database.OpenAsync(cancellationToken), DataShape.Old);
        // As RequestShape.OpenAsync does for its migration: a connection string of its own (pools never mix shapes), then
        // the new shape's statements (none once the migration is completed).
        var connection = database.CreateConnection(migrator.Provider.NewShapeConnectionString(database.ConnectionString));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await migrator.UseNewShapeAsync(connection, FeatureMigrations.Permissions, cancellationToken);
            return new ShapedConnection(connection, DataShape.New);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
