namespace Cutover;

/// <summary>
/// An option given to an operation cannot be used: <see cref="Option"/> is its name as the options type spells it
/// (<c>Steps</c> of <see cref="Running.DownOptions"/>, <c>To</c>, <c>MigrationsFolder</c> …), so a tool can say it in
/// its own words.
/// </summary>
public sealed class InvalidOptionException : InvalidInputException
{
    /// <summary>Creates the error.</summary>
    /// <param name="option">The option's name.</param>
    /// <param name="value">The value given, or null when the combination is at fault.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="suggestion">A value that would work, when there is one.</param>
    /// <param name="remedy">What to do otherwise.</param>
    public InvalidOptionException(string option, string? value, string problem, string? suggestion = null, string? remedy = null)
        : base(value is null ? $"{option}: {problem}" : $"{option} {value}: {problem}", remedy, null)
    {
        Option = option;
        Value = value;
        Problem = problem;
        Suggestion = suggestion;
    }

    /// <summary>The option's name.</summary>
    public string Option { get; }

    /// <summary>The value given.</summary>
    public string? Value { get; }

    /// <summary>What is wrong, without the option.</summary>
    public string Problem { get; }

    /// <summary>A value that would work, when there is one.</summary>
    public string? Suggestion { get; }
}
