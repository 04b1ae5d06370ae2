namespace Cutover.Dashboard.Live;

/// <summary>The live page: its links and where its script polls, and the work in flight when it was rendered.</summary>
internal sealed record LiveModel(Pages.PageContext Page, LiveWork Work);
