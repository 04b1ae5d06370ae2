namespace Cutover.Dashboard.Actions;

/// <summary>
/// What a request says about the action it asks for: the object's id, the page to go back to, and the action's own
/// values (a rollout's percent, users, groups). The confirmation page reads them from the query; its form posts them back.
/// </summary>
internal sealed record ActionInput(string Id, string Back, IReadOnlyDictionary<string, string> Values)
{
    public const string IdField = "id";
    public const string BackField = "back";

    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;

    public static ActionInput From(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> fields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
            values[name] = value.ToString();
        return new ActionInput(values.GetValueOrDefault(IdField, ""), values.GetValueOrDefault(BackField, ""), values);
    }

    /// <summary>
    /// The page to return to: one of the dashboard's own, chosen by name — never a URL from the request, so the
    /// redirect cannot be pointed at another site.
    /// </summary>
    public string ReturnPath(DashboardPaths paths, string migrationId) => Back switch
    {
        "overview" => paths.Overview,
        "live" => paths.Live,
        _ => paths.Migration(migrationId),
    };
}
