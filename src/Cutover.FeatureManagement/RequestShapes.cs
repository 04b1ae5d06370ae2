using Microsoft.FeatureManagement;

namespace Cutover.FeatureManagement;

/// <summary>
/// The <see cref="RequestShape"/> of each migration one request (one DI scope) asks about: for an application that rolls
/// out more than one change, each on its own flag. Asking twice for one migration gives the same object, so a request
/// sees one shape of it throughout.
/// </summary>
public sealed class RequestShapes
{
    private readonly Dictionary<string, RequestShape> _shapes = new(StringComparer.Ordinal);
    private readonly IVariantFeatureManager _features;
    private readonly ShapeCache _cache;
    private readonly Migrator _migrator;
    private readonly CutoverRolloutOptions _options;

    internal RequestShapes(IVariantFeatureManager features, ShapeCache cache, Migrator migrator, CutoverRolloutOptions options)
    {
        _features = features;
        _cache = cache;
        _migrator = migrator;
        _options = options;
    }

    /// <summary>This request's shape of <paramref name="migrationId"/>, decided by the flag <c>cutover:&lt;id&gt;</c>.</summary>
    public RequestShape For(string migrationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(migrationId);
        lock (_shapes)
        {
            if (!_shapes.TryGetValue(migrationId, out var shape))
                _shapes[migrationId] = shape = new RequestShape(migrationId, _features, _cache, _migrator, _options);
            return shape;
        }
    }
}
