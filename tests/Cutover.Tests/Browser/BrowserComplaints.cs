using Microsoft.Playwright;

namespace Cutover.Tests.Browser;

/// <summary>
/// What a page must never do while a test drives it: fire a dialog (hostile text ran as script), report a page or console
/// error (often something the CSP blocked), or get an error status for any of its requests.
/// </summary>
internal sealed class BrowserComplaints
{
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];

    private BrowserComplaints(IPage page)
    {
        page.Dialog += (_, dialog) => { _dialogs.Add(dialog.Message); _ = dialog.DismissAsync(); };
        page.PageError += (_, error) => _errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") _errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) _errors.Add($"{response.Status} {response.Url}"); };
    }

    /// <summary>Starts listening on <paramref name="page"/>; call before the first navigation.</summary>
    public static BrowserComplaints Watch(IPage page) => new(page);

    public void AssertNone()
    {
        Assert.True(_dialogs.Count == 0, "a dialog fired: " + string.Join(", ", _dialogs));
        Assert.True(_errors.Count == 0, "the browser reported errors (a CSP violation?):\n" + string.Join("\n", _errors));
    }
}
