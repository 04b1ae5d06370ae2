namespace Cutover.Importing;

/// <summary>The EF Core project whose migrations are imported, as <c>dotnet ef</c> is told about it.</summary>
/// <param name="Project">The project (a .csproj, or the folder holding one) that holds the migrations.</param>
/// <param name="StartupProject">The project <c>dotnet ef</c> builds and runs to create the DbContext; null: <paramref name="Project"/>.</param>
/// <param name="Context">The DbContext, when the project has more than one; null: the only one.</param>
/// <param name="Configuration">The build configuration (Debug or Release).</param>
public sealed record EfCoreProject(string Project, string? StartupProject = null, string? Context = null, string Configuration = "Debug");
