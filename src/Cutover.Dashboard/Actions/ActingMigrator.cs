using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// The migrator an action runs with, so the audit log names who acted. The runtime records
/// <see cref="CutoverOptions.AppliedBy"/> (the OS user by default) in every entry it writes; in an app that
/// authenticates its users the dashboard runs each action as the signed-in user instead. `cutover serve` authenticates
/// nobody (loopback, or its token), so there the OS user who started serve is recorded, as for any command.
/// </summary>
internal static class ActingMigrator
{
    public static Migrator For(HttpContext context, Migrator registered)
    {
        var identity = context.User.Identity;
        if (identity is not { IsAuthenticated: true, Name: { Length: > 0 } name } || name == registered.Options.AppliedBy)
            return registered;
        // A Migrator holds options and workflow objects, no connection: one per action costs nothing worth sharing.
        return new Migrator(registered.Options with { AppliedBy = name }, registered.Provider, context.RequestServices.GetService<ILogger<Migrator>>());
    }
}
