// Usage: Cutover.ExampleRunner <migrations folder> <example:connection>
// Applies pending migrations with the example provider, through the engine's public API, and exits with Cutover's
// exit code. Used by the conformance tests that kill a runner while it works.
using Cutover;
using Cutover.ExampleProvider;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Cutover.ExampleRunner <migrations folder> <example:connection>");
    return (int)ExitCode.BadInput;
}

try
{
    var migrator = new Migrator(new CutoverOptions { MigrationsFolder = args[0], ConnectionString = args[1] }, new ExampleSqliteProvider());
    var result = await migrator.UpAsync();
    Console.WriteLine($"applied {result.Migrations.Count} migration(s)");
    return 0;
}
catch (CutoverException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return (int)e.ExitCode;
}
