using System.Globalization;
using Cutover.Rollouts;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// Change who gets the new shape of an expanded migration, as <c>cutover rollout &lt;id&gt; --percent --users --groups</c>
/// does. The migration page's form asks for the three values; the confirmation page shows the rollout before and after.
/// </summary>
internal sealed class RolloutAction : DashboardAction
{
    public const string Name = "rollout";
    public const string PercentField = "percent";
    public const string UsersField = "users";
    public const string GroupsField = "groups";

    public override string Key => Name;

    public override async Task<ActionPlan?> DescribeAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var target = await OperationTarget.ReadAsync(migrator, input.Id, cancellationToken).ConfigureAwait(false);
        if (target is null)
            return null;
        var facts = target.Facts();
        if (input.Value(PercentField) is null && input.Value(UsersField) is null && input.Value(GroupsField) is null)
            return AskFor(target);
        string? blocked = target.Phase == OperationPhases.Expanded ? null : $"Only an expanded migration has a rollout to change; this one is {target.Phase}.";
        RolloutChange? change = null;
        try
        {
            change = Parse(input);
        }
        catch (InvalidInputException e)
        {
            blocked ??= e.Message;
        }
        if (change is not null)
        {
            var before = target.Rollout;
            facts.Add(new("After", OperationTarget.RolloutText(new RolloutState(target.Status.Id, change.Percent ?? before?.Percent ?? 0,
                change.Users ?? before?.Users ?? [], change.Groups ?? before?.Groups ?? [], DateTime.UtcNow, "", null))));
        }
        return new ActionPlan($"Change the rollout of {target.Status.Id} {target.Status.Name}", facts,
            "Changing the rollout decides which users the application gives the new shape (its feature flag " + RolloutState.FlagOf(target.Status.Id) +
            "): the named users always, each group's members at that group's share, everyone else at the percentage. No DDL runs and no lock " +
            "is taken; the change and who made it are written to the audit log. Complete waits until the rollout has been at 100 % for " +
            CompleteAction.Duration(migrator.Options.RolloutSoak) + "; abort needs it back at 0 %.",
            "Change the rollout", "btn-primary", target.Status.Id)
        {
            Blocked = blocked,
            Fields = change is null ? [] : [new(PercentField, input.Value(PercentField) ?? ""), new(UsersField, input.Value(UsersField) ?? ""), new(GroupsField, input.Value(GroupsField) ?? "")],
        };
    }

    /// <summary>The first step: the rollout as it is, in a form to change it; the next page confirms the change.</summary>
    private static ActionPlan AskFor(OperationTarget target)
    {
        var now = target.Rollout;
        return new ActionPlan($"Change the rollout of {target.Status.Id} {target.Status.Name}", target.Facts(),
            "Choose who gets the new shape; the next page shows the rollout before and after, and changes nothing until you confirm there.",
            "Review the change", "btn-primary", target.Status.Id)
        {
            Blocked = target.Phase == OperationPhases.Expanded ? null : $"Only an expanded migration has a rollout to change; this one is {target.Phase}.",
            Inputs =
            [
                new(PercentField, "Percent", (now?.Percent ?? 0).ToString(CultureInfo.InvariantCulture), "0 to 100: the share of all users not named or in a group"),
                new(UsersField, "Users", string.Join(", ", now?.Users ?? []), "comma-separated; they always get the new shape (empty: none)"),
                new(GroupsField, "Groups", string.Join(", ", (now?.Groups ?? []).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Name}={g.Percent}"))),
                    "beta=100, staff=50 (a name alone means 100; empty: none)"),
            ],
        };
    }

    public override async Task<string> RunAsync(Migrator migrator, ActionInput input, CancellationToken cancellationToken)
    {
        var after = await migrator.RolloutAsync(input.Id, Parse(input), cancellationToken).ConfigureAwait(false);
        return $"Rollout of {after.MigrationId} changed: {OperationTarget.RolloutText(after)}.";
    }

    /// <summary>
    /// The change the form asks for, read as the CLI reads its options: a blank percent keeps the current one, users
    /// are comma-separated, groups are <c>name=percent</c> (a name alone means 100). The form always sends the lists,
    /// so an emptied box clears one. The runtime checks the ranges and names.
    /// </summary>
    public static RolloutChange Parse(ActionInput input)
    {
        var percentText = input.Value(PercentField)?.Trim();
        int? percent = null;
        if (!string.IsNullOrEmpty(percentText))
        {
            if (!int.TryParse(percentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                throw new InvalidOptionException("percent", percentText, "is not a whole number from 0 to 100");
            percent = parsed;
        }
        return new RolloutChange
        {
            Percent = percent,
            Users = input.Value(UsersField) is { } users ? Split(users) : null,
            Groups = input.Value(GroupsField) is { } groups ? [.. Split(groups).Select(Group)] : null,
        };
    }

    private static List<string> Split(string list) => [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static RolloutGroup Group(string text)
    {
        var at = text.LastIndexOf('=');
        if (at < 0)
            return new RolloutGroup(text, 100);
        if (!int.TryParse(text[(at + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var share))
            throw new InvalidOptionException("groups", text, "is not <group>=<percentage>", "beta=100");
        return new RolloutGroup(text[..at].Trim(), share);
    }
}
