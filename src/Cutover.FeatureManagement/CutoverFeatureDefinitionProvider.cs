using System.Runtime.CompilerServices;
using Cutover.Rollouts;
using Microsoft.FeatureManagement;

namespace Cutover.FeatureManagement;

/// <summary>
/// Defines every flag named <c>cutover:&lt;migration id&gt;</c> from the database (through <see cref="ShapeCache"/>), and
/// leaves every other flag to the provider it replaced (the application's configuration), so the application's own flags
/// keep working.
/// </summary>
internal sealed class CutoverFeatureDefinitionProvider(ShapeCache cache, Migrator migrator, CutoverRolloutOptions options, IFeatureDefinitionProvider? others)
    : IFeatureDefinitionProvider
{
    private const string Prefix = "cutover:";

    public async Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName)
    {
        ArgumentNullException.ThrowIfNull(featureName);
        if (!featureName.StartsWith(Prefix, StringComparison.Ordinal))
            return others is null ? null! : await others.GetFeatureDefinitionAsync(featureName).ConfigureAwait(false);
        // Microsoft.FeatureManagement gives a provider no cancellation token; a read is bounded by the connection's own timeouts.
        return RolloutFeatureDefinition.Of(await cache.GetAsync(featureName[Prefix.Length..], CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>The application's own migration's flag, the flag of every rollout in the database, then the other provider's flags.</summary>
    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal) { options.MigrationId };
        foreach (var rollout in await migrator.RolloutsAsync().ConfigureAwait(false))
            ids.Add(rollout.MigrationId);
        foreach (var id in ids)
            yield return await GetFeatureDefinitionAsync(RolloutState.FlagOf(id)).ConfigureAwait(false);
        if (others is null)
            yield break;
        await foreach (var definition in others.GetAllFeatureDefinitionsAsync().ConfigureAwait(false))
            if (!definition.Name.StartsWith(Prefix, StringComparison.Ordinal))
                yield return definition;
    }
}
