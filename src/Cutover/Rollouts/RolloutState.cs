namespace Cutover.Rollouts;

/// <summary>
/// Who gets the new shape of one expanded operation migration, in the terms of Microsoft.FeatureManagement's targeting
/// filter: named users always, each group's members at that group's percentage, everyone else at <see cref="Percent"/>
/// (a user's place in a percentage is a stable hash of the user and the flag, so a user does not flap between shapes).
/// </summary>
/// <param name="MigrationId">The migration whose operations are rolled out; its flag is <c>cutover:&lt;id&gt;</c>.</param>
/// <param name="Percent">The share of all other users, 0 to 100.</param>
/// <param name="Users">Users who get the new shape whatever the percentages say.</param>
/// <param name="Groups">Groups and the share of each group's members who get it.</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
/// <param name="UpdatedBy">Who changed it last.</param>
/// <param name="FullSince">Since when <see cref="Percent"/> has been 100 without a break (UTC); null below 100.</param>
public sealed record RolloutState(
    string MigrationId, int Percent, IReadOnlyList<string> Users, IReadOnlyList<RolloutGroup> Groups, DateTime UpdatedAt, string UpdatedBy, DateTime? FullSince)
{
    /// <summary>The feature flag name of a migration's rollout.</summary>
    public static string FlagOf(string migrationId) => "cutover:" + migrationId;

    /// <summary>The feature flag name of this rollout.</summary>
    public string Flag => FlagOf(MigrationId);
}

/// <summary>A group of users and the share of its members who get the new shape.</summary>
/// <param name="Name">The group's name, as the application's targeting context gives it.</param>
/// <param name="Percent">0 to 100.</param>
public sealed record RolloutGroup(string Name, int Percent);

/// <summary>
/// A change to a rollout: what is null stays as it is. <see cref="Users"/> and <see cref="Groups"/> replace the
/// lists (an empty list clears one).
/// </summary>
public sealed record RolloutChange
{
    /// <summary>The share of all users not named or in a group, 0 to 100.</summary>
    public int? Percent { get; init; }

    /// <summary>The users who always get the new shape.</summary>
    public IReadOnlyList<string>? Users { get; init; }

    /// <summary>The groups and their shares.</summary>
    public IReadOnlyList<RolloutGroup>? Groups { get; init; }
}
