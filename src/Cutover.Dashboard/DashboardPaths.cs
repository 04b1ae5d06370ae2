namespace Cutover.Dashboard;

/// <summary>
/// The dashboard's URLs under the prefix it was mapped at (and the app's path base), so every link still works when the
/// dashboard is mounted at /cutover inside an app, or at the root of `cutover serve`.
/// </summary>
internal sealed record DashboardPaths(string Root)
{
    public string Overview => Root + "/";
    public string Migrations => Root + "/migrations";
    public string Audit => Root + "/audit";
    public string Live => Root + "/live";
    public string Schema => Root + "/schema";

    public string Rehearsals => Root + "/rehearsals";

    /// <summary>The live page's data, which its script polls.</summary>
    public string LiveJson => Root + "/live.json";

    /// <summary>A kept rehearsal report, by its file's name without .md.</summary>
    public string Rehearsal(string name) => $"{Rehearsals}/{Uri.EscapeDataString(name)}";

    public string Migration(string id) => $"{Root}/migrations/{Uri.EscapeDataString(id)}";

    /// <summary>The audit log filtered to one migration.</summary>
    public string AuditOf(string id) => $"{Audit}?migration={Uri.EscapeDataString(id)}";

    public string Asset(string path) => $"{Root}/assets/{path}";

    /// <summary>The paths for a request to a dashboard mapped at <paramref name="prefix"/>: the app's path base comes first.</summary>
    public static DashboardPaths For(HttpContext context, string prefix) => new(context.Request.PathBase.Value + prefix);

    /// <summary>"/cutover/" and "cutover" become "/cutover"; "/" and "" become "" (the dashboard at the root).</summary>
    public static string NormalizePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim().Trim('/');
        return trimmed.Length == 0 ? "" : "/" + trimmed;
    }
}
