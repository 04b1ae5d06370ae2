namespace Cutover.Processes;

/// <summary>
/// What the user is told when an executable cannot be started: each caller says which tool it needed and for what.
/// </summary>
/// <param name="Message">The message, before the system's reason in parentheses.</param>
/// <param name="Hint">What to do about it.</param>
internal sealed record NotInstalledRefusal(string Message, string Hint);
