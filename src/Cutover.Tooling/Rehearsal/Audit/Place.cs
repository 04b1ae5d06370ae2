namespace Cutover.Rehearsal.Audit;

/// <summary>Where a statement is: its migration, file and line.</summary>
internal sealed record Place(string MigrationId, string Path, int Line)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}:{Line}";
}
