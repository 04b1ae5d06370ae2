// Usage: Cutover.ExampleRunner <migrations folder> <example:connection>
// Applies pending migrations with the example provider, through the engine's public API: exits 0 when done, 2 on
// bad input, 1 on any other Cutover error. Used by the conformance tests that kill a runner while it works.
using Cutover;
using Cutover.ExampleProvider;

if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: Cutover.ExampleRunner <migrations folder> <example:connection>");
    return 2;
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
    return e is InvalidInputException ? 2 : 1;
}
