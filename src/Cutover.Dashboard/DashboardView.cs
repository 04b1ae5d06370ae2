using Cutover.Dashboard.Pages;

namespace Cutover.Dashboard;

/// <summary>
/// A page of the dashboard as its templates receive it. RazorSlices generates a public factory per template, so the
/// model type of each must be public; this one type stands for all of them and exposes nothing, keeping the page
/// models internal and free to change. Only this assembly creates or reads one.
/// </summary>
public sealed class DashboardView
{
    internal DashboardView(string title, string active, PageContext page, object data)
    {
        Title = title;
        Active = active;
        Page = page;
        Data = data;
    }

    internal string Title { get; }

    /// <summary>Which navbar link is the current one: overview, migrations, schema, live, rehearsals or audit.</summary>
    internal string Active { get; }

    internal PageContext Page { get; }

    internal object Data { get; }
}
