using Cutover.Files;
using Cutover.Running;

namespace Cutover.Workflows;

internal static class PlannedSteps
{
    /// <summary>Steps as a run reports them: what ran, or what a dry run would run.</summary>
    public static List<PlannedStep> Of(IEnumerable<MigrationStep> steps) => steps.Select(s => new PlannedStep(s.Kind, s.Statements)).ToList();
}
