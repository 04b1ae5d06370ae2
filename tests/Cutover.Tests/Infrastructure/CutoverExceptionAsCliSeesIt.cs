using Cutover.Cli;

namespace Cutover.Tests;

/// <summary>
/// An engine error's exit code and hint as the CLI gives them (<see cref="ErrorAdvice"/>), so that tests of the engine
/// can also say what a user of the tool would see.
/// </summary>
internal static class CutoverExceptionAsCliSeesIt
{
    extension(CutoverException error)
    {
        public ExitCode ExitCode => ErrorAdvice.ExitCodeOf(error);

        public string? Hint => ErrorAdvice.HintOf(error);
    }
}
