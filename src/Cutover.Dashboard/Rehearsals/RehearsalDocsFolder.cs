using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cutover.Dashboard.Rehearsals;

/// <summary>Where the pages read rehearsal one-pagers and reports from: the option, resolved against the app's content root.</summary>
internal static class RehearsalDocsFolder
{
    public static string For(HttpContext context, CutoverDashboardOptions options)
    {
        var folder = options.RehearsalDocsFolder;
        if (Path.IsPathFullyQualified(folder))
            return folder;
        // A hosted app's relative paths mean its content root, as its other files do; without a host, the working directory.
        var root = context.RequestServices.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, folder));
    }
}
