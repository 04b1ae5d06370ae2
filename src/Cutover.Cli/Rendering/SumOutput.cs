using Cutover.Checking;

namespace Cutover.Cli.Rendering;

/// <summary>How `sum` and `new` tell what they did to cutover.sum.</summary>
internal static class SumOutput
{
    /// <summary>One line per changed migration, then what happened to the file; skipped files as warnings on stderr.</summary>
    public static void Write(CliContext context, SumUpdate update)
    {
        foreach (var name in update.Added)
            context.Stdout.WriteLine($"added   {name}");
        foreach (var name in update.Edited)
            context.Stdout.WriteLine($"edited  {name}");
        foreach (var name in update.Removed)
            context.Stdout.WriteLine($"removed {name}");
        var changed = update.Added.Count + update.Edited.Count + update.Removed.Count;
        if (!update.Written)
            context.Stdout.WriteLine($"up to date {update.Path} ({update.Migrations} migration(s))");
        else if (changed == 0)
            // Rewritten without a migration changing: a conflict resolved, a hand edit or a layout put right.
            context.Stdout.WriteLine($"rewrote {update.Path} ({update.Migrations} migration(s); no migration changed)");
        else
            context.Stdout.WriteLine($"wrote {update.Path} ({update.Migrations} migration(s))");
        foreach (var path in update.Skipped)
            context.Stderr.WriteLine($"warning: {path}: not listed in cutover.sum: the name is not <yyyyMMddHHmmss>_<name>.sql");
    }
}
