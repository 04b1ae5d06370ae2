using System.Reflection;
using PublicApiGenerator;

namespace Cutover.Tests.PublicApi;

/// <summary>
/// The public surface of each package, approved as text beside this file: a change to it shows in review as a change
/// to <c>&lt;Assembly&gt;.approved.txt</c>. When the surface changes on purpose, run the tests with
/// <c>CUTOVER_ACCEPT_API=1</c> to rewrite the approved files, and review their diff.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages => new()
    {
        typeof(Migrator).Assembly.GetName().Name!,
        typeof(Cutover.Rehearsal.Rehearser).Assembly.GetName().Name!,
        typeof(Cutover.Sqlite.SqliteProvider).Assembly.GetName().Name!,
        typeof(Cutover.Postgres.PostgresProvider).Assembly.GetName().Name!,
        typeof(Cutover.Sqlite.Tooling.SqliteLint).Assembly.GetName().Name!,
        typeof(Cutover.Postgres.Tooling.PostgresLint).Assembly.GetName().Name!,
        typeof(Cutover.FeatureManagement.RequestShape).Assembly.GetName().Name!,
        typeof(Cutover.FeatureManagement.EntityFrameworkCore.RequestShapeInterceptor).Assembly.GetName().Name!,
        typeof(Cutover.Dashboard.CutoverDashboardEndpoints).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_public_api_is_the_approved_one(string package)
    {
        var assembly = Assembly.Load(package);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");
        var approvedPath = Path.Combine(Folder(), package + ".approved.txt");

        if (Environment.GetEnvironmentVariable("CUTOVER_ACCEPT_API") == "1")
            File.WriteAllText(approvedPath, api);

        Assert.True(File.Exists(approvedPath), $"{approvedPath} is missing: run the tests with CUTOVER_ACCEPT_API=1 to write it, then review it");
        var approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved != api)
        {
            var received = Path.Combine(Folder(), package + ".received.txt");
            File.WriteAllText(received, api);
            Assert.Fail($"the public API of {package} changed: compare {approvedPath} with {received}; if the change is meant, run the tests with CUTOVER_ACCEPT_API=1 and commit the approved file");
        }
    }

    private static string Folder() => Path.Combine(RepositoryFolder.Root(), "tests", "Cutover.Tests", "PublicApi");
}
