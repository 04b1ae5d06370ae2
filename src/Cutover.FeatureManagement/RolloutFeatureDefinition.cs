using Cutover.Rollouts;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Cutover.FeatureManagement;

/// <summary>A migration's flag as Microsoft.FeatureManagement defines features: off, on, or its targeting filter.</summary>
internal static class RolloutFeatureDefinition
{
    /// <summary>The name Microsoft.FeatureManagement registers its targeting filters under (ambient and contextual).</summary>
    private const string TargetingFilter = "Microsoft.Targeting";

    /// <summary>The name Microsoft.FeatureManagement treats as a filter that is always on.</summary>
    private const string AlwaysOn = "AlwaysOn";

    public static FeatureDefinition Of(ShapeSnapshot snapshot) => new()
    {
        Name = RolloutState.FlagOf(snapshot.MigrationId),
        EnabledFor = snapshot switch
        {
            { Window: ShapeWindow.Completed } => [new FeatureFilterConfiguration { Name = AlwaysOn }],
            { Window: ShapeWindow.Open, Rollout: { } rollout } => [new FeatureFilterConfiguration { Name = TargetingFilter, ParametersObject = Targeting(rollout) }],
            _ => [],
        },
    };

    private static TargetingFilterSettings Targeting(RolloutState rollout) => new()
    {
        Audience = new Audience
        {
            Users = rollout.Users.ToList(),
            Groups = rollout.Groups.Select(g => new GroupRollout { Name = g.Name, RolloutPercentage = g.Percent }).ToList(),
            DefaultRolloutPercentage = rollout.Percent,
        },
    };
}
