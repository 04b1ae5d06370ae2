namespace Cutover.Checking;

/// <summary>What <see cref="SumFile.WriteAsync"/> did to <c>cutover.sum</c>.</summary>
/// <param name="Path">The full path of <c>cutover.sum</c>.</param>
/// <param name="Written">False when the file already said exactly this and was left alone.</param>
/// <param name="Migrations">How many migrations it lists.</param>
/// <param name="Added">File names listed now that the previous file did not list.</param>
/// <param name="Edited">File names whose checksum changed.</param>
/// <param name="Removed">File names the previous file listed that are gone.</param>
/// <param name="Skipped">Full paths of <c>*.sql</c> files left out because their names are not migration names.</param>
public sealed record SumUpdate(
    string Path, bool Written, int Migrations,
    IReadOnlyList<string> Added, IReadOnlyList<string> Edited, IReadOnlyList<string> Removed, IReadOnlyList<string> Skipped);
