using BootstrapApp;
using BootstrapApp.Data;
using BootstrapApp.Shapes;
using BootstrapApp.Web;
using Cutover;
using Cutover.FeatureManagement;
using Cutover.Hosting;
using Microsoft.FeatureManagement;

// One codebase, two builds: APP_VERSION (or --version) v1 plays the old build, v2 the new one. Both run at once, on
// different ports, against the database CUTOVER_CONNECTION names.
var version = AppVersionSetting.Read(args);
var connectionString = Environment.GetEnvironmentVariable("CUTOVER_CONNECTION") is { Length: > 0 } fromEnvironment
    ? fromEnvironment
    : "Data Source=bootstrap-app.db";
var database = new Database(connectionString);

var builder = WebApplication.CreateBuilder(AppVersionSetting.WithoutVersion(args));
builder.Services.AddRazorPages();
builder.Services.AddHttpContextAccessor();
builder.Services.AddSingleton(new RunningVersion(version));
builder.Services.AddSingleton(database);
builder.Services.AddScoped<RequestInfo>();
builder.Services.AddSingleton<WideUserQueries>();
builder.Services.AddSingleton<SplitUserQueries>();

if (version == AppVersion.V1)
{
    builder.Services.AddScoped<IShapeChooser, OldShapeChooser>();
}
else
{
    // The migrator only reads Cutover's tables here (rollouts and shapes); migrations are run by the CLI, not by the app.
    builder.Services.AddCutover(new CutoverOptions { ConnectionString = connectionString }, database.Provider);
    builder.Services.AddFeatureManagement()
        .WithTargeting<SampleTargetingContextAccessor>()
        .AddCutoverRollouts(options =>
        {
            options.MigrationId = FeatureMigrations.Profiles;
            options.CreateConnection = database.CreateConnection;
            // A `cutover rollout` change reaches the running app within a second: the demo scripts step through it quickly.
            options.RefreshInterval = TimeSpan.FromSeconds(1);
        });
    builder.Services.AddScoped<IShapeChooser, RolloutShapeChooser>();
}

var app = builder.Build();
app.UseExceptionHandler("/error");
app.UseStaticFiles();
app.UseMiddleware<SignInMiddleware>();
app.UseRouting();
app.MapRazorPages();
await app.RunAsync();
