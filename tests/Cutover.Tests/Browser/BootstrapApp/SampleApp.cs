using System.Reflection;

namespace Cutover.Tests.Browser.BootstrapApp;

/// <summary>Where samples/bootstrap-app is, its migrations, and how to start one of its versions as a child process.</summary>
internal static class SampleApp
{
    public const string Seed = "20261201090100";
    public const string Profiles = "20261202090000";   // story #5: split-table users to user_profiles
    public const string Permissions = "20261203090000"; // story #3: permissions flat -> nested

    public static string Folder => Path.Combine(RepositoryFolder.Root(), "samples", "bootstrap-app");

    public static string Migrations(string engine) => Path.Combine(Folder, "migrations", engine);

    /// <summary>The sample's build of the configuration the tests were built in (the test project references it, so it is built first).</summary>
    public static string Dll
    {
        get
        {
            var configuration = typeof(SampleApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(Folder, "bin", configuration, "net10.0", "BootstrapApp.dll");
        }
    }

    public static Task<AppProcess> StartAsync(string version, string connectionString, CancellationToken cancellationToken) =>
        // The sample's own folder as content root, as `dotnet run` has it: its wwwroot holds Bootstrap, copied there at build.
        AppProcess.StartAsync(Dll, ["--version", version, "--contentRoot", Folder], new Dictionary<string, string> { ["CUTOVER_CONNECTION"] = connectionString },
            "/users", TimeSpan.FromSeconds(60), cancellationToken);
}
