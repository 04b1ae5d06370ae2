using Cutover.FeatureManagement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FeatureManagement;

namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>A misconfigured rollout is refused when the application registers it, with the option at fault named.</summary>
public sealed class CutoverRolloutOptionsTests
{
    public static TheoryData<string, Action<CutoverRolloutOptions>> Mistakes => new()
    {
        { "MigrationId is not set", o => o.MigrationId = " " },
        { "CreateConnection is not set", o => o.CreateConnection = null },
        { "RefreshInterval must be positive", o => o.RefreshInterval = TimeSpan.Zero },
        { "MaxStaleness must be at least RefreshInterval", o => o.MaxStaleness = TimeSpan.FromSeconds(1) },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_misconfigured_rollout_is_refused_at_registration(string message, Action<CutoverRolloutOptions> mistake)
    {
        var features = new ServiceCollection().AddFeatureManagement();

        var error = Assert.ThrowsAny<ArgumentException>(() => features.AddCutoverRollouts(o =>
        {
            o.MigrationId = "20260101000002";
            o.CreateConnection = cs => new SqliteConnection(cs);
            mistake(o);
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
