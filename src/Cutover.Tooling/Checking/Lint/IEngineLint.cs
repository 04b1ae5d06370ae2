namespace Cutover.Checking.Lint;

/// <summary>Records one finding: the rule, the file line it is on, and what was found there.</summary>
public delegate void LintReport(LintRule rule, int line, string message);

/// <summary>
/// The lint rules that depend on one engine (its locks, its ALTER TABLE limits, its types), shipped with that
/// engine's tooling package (Cutover.Postgres.Tooling, Cutover.Sqlite.Tooling). <see cref="MigrationLinter"/> runs
/// them beside the rules common to every engine, statement by statement in migration order.
/// </summary>
public interface IEngineLint
{
    /// <summary>The rules this engine adds to <see cref="LintRules.All"/>, in documentation order.</summary>
    IReadOnlyList<LintRule> Rules { get; }

    /// <summary>
    /// Judges one statement. <paramref name="state"/> holds what earlier statements established and is shared with the
    /// common rules, so a rule may record what later statements need to know (a table renamed, a constraint validated).
    /// </summary>
    void Check(LintStatement statement, LintState state, LintReport report);
}
