using BootstrapApp.Shapes;

namespace BootstrapApp.Web;

/// <summary>Per request: who is signed in, and which shape served the page (for the layout's data-shape).</summary>
public sealed class RequestInfo
{
    public string? UserName { get; set; }

    /// <summary>Set when the page opens its connection; null when it failed before choosing one.</summary>
    public DataShape? Shape { get; set; }
}
