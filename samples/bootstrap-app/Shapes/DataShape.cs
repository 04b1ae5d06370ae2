namespace BootstrapApp.Shapes;

/// <summary>Which shape of the data served a request: the tables as the old build knows them, or a migration's new shape.</summary>
public enum DataShape
{
    Old,
    New,
}

/// <summary>The part of the app a migration reshapes, each rolled out by its own flag.</summary>
public enum Feature
{
    /// <summary>/users and /users/{id}: story #5 moves the profile columns to user_profiles.</summary>
    Profiles,

    /// <summary>/admin/permissions: story #3 nests the permissions.</summary>
    Permissions,
}

/// <summary>The migration (and so the rollout flag) behind each feature's new shape.</summary>
public static class FeatureMigrations
{
    /// <summary>Story #5: split-table users to user_profiles.</summary>
    public const string Profiles = "20261202090000";

    /// <summary>Story #3: alter-column users.permissions, flat array to nested object.</summary>
    public const string Permissions = "20261203090000";

    /// <summary>The newest migration v2 is written for: the new shape it asks for covers every expanded one up to this.</summary>
    public const string Newest = Permissions;

    public static string For(Feature feature) => feature == Feature.Profiles ? Profiles : Permissions;

    public static string Label(this DataShape shape) => shape == DataShape.Old ? "old" : "new";
}
