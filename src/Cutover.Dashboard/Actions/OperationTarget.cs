using System.Globalization;
using Cutover.Rollouts;
using Cutover.Running;

namespace Cutover.Dashboard.Actions;

/// <summary>An operation migration as its confirmation pages describe it: its status and its rollout, when it has one.</summary>
internal sealed record OperationTarget(MigrationStatus Status, RolloutState? Rollout)
{
    /// <summary>The migration <paramref name="id"/> when the status report knows it and it declares operations; else null.</summary>
    public static async Task<OperationTarget?> ReadAsync(Migrator migrator, string id, CancellationToken cancellationToken)
    {
        var report = await migrator.StatusAsync(cancellationToken).ConfigureAwait(false);
        var status = report.Migrations.FirstOrDefault(m => m.Id == id);
        if (status?.Phase is null)
            return null;
        var rollouts = await migrator.RolloutsAsync(cancellationToken).ConfigureAwait(false);
        return new OperationTarget(status, rollouts.FirstOrDefault(r => r.MigrationId == id));
    }

    public string Phase => Status.Phase ?? "";

    public List<ActionFact> Facts() =>
    [
        new("Migration", Status.Id),
        new("Name", Status.Name),
        new("Phase", Phase),
        new("Rollout", RolloutText(Rollout)),
    ];

    public static string RolloutText(RolloutState? rollout) => rollout is null
        ? "none (every user of the new version gets the new shape)"
        : string.Create(CultureInfo.InvariantCulture, $"{rollout.Percent} %")
            + $"; users: {(rollout.Users.Count == 0 ? "none" : string.Join(", ", rollout.Users))}"
            + $"; groups: {(rollout.Groups.Count == 0 ? "none" : string.Join(", ", rollout.Groups.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name} {g.Percent} %"))))}"
            + (rollout.FullSince is { } since ? string.Create(CultureInfo.InvariantCulture, $"; at 100 % since {since:yyyy-MM-dd HH:mm:ss} UTC") : "");
}
