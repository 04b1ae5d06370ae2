namespace BootstrapApp;

/// <summary>Which build this process plays: v1 knows only the old shape, v2 serves each request the shape its rollout says.</summary>
public enum AppVersion
{
    /// <summary>The old build: the wide users table and flat permissions, never a rollout.</summary>
    V1,

    /// <summary>The new build: users + user_profiles and nested permissions for the users a rollout selects.</summary>
    V2,
}
