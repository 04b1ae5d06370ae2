namespace Cutover.Dashboard.Actions;

/// <summary>The phases of an operation migration (<see cref="Running.MigrationStatus.Phase"/>) that decide which actions it offers.</summary>
internal static class OperationPhases
{
    public const string Expanding = "expanding";
    public const string Expanded = "expanded";
}
