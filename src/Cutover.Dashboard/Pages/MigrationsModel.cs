using Cutover.Running;

namespace Cutover.Dashboard.Pages;

/// <summary>The migrations page: the status report, as `cutover status` shows it.</summary>
internal sealed record MigrationsModel(PageContext Page, StatusReport Status);
