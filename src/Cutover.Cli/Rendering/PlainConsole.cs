using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cutover.Cli.Rendering;

/// <summary>
/// A Spectre console that writes text and nothing else. Spectre's own console without ANSI support renders through
/// System.Console's colour calls, and on a Unix terminal each style change still sends <c>ESC[39;49m</c> (resetting
/// colours) to the real terminal, whatever writer it was given: <c>--no-color</c> and <c>NO_COLOR</c> must mean no
/// escape codes at all.
/// </summary>
internal sealed class PlainConsole(IAnsiConsole inner) : IAnsiConsole
{
    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    // Clearing a screen needs escape codes; plain output is never cleared.
    public void Clear(bool home)
    {
    }

    public void Write(IRenderable renderable)
    {
        foreach (var segment in renderable.GetSegments(this))
        {
            if (!segment.IsControlCode)
                Profile.Out.Writer.Write(segment.Text);
        }
    }

    // Raw escape sequences are what this console exists to leave out.
    public void WriteAnsi(Action<AnsiWriter> action)
    {
    }
}
