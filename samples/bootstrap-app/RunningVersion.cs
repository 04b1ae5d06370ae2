namespace BootstrapApp;

/// <summary>The version this process plays, as a service (the layout shows it).</summary>
public sealed record RunningVersion(AppVersion Value)
{
    public string Label => Value.Label();
}
