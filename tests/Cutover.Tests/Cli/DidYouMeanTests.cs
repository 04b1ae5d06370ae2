namespace Cutover.Tests.Cli;

/// <summary>A mistyped command or option is refused (exit 2) with the name it was most likely meant to be, when one is near.</summary>
public sealed class DidYouMeanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cutover-typo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("stauts", "did you mean 'status'?")]
    [InlineData("status --jsn", "did you mean '--json'?")]
    [InlineData("up --dryrun", "did you mean '--dry-run'?")]
    [InlineData("backfil status", "did you mean 'backfill'?")]
    [InlineData("backfill stauts", "did you mean 'status'?")]
    public async Task A_near_miss_names_what_was_meant(string args, string suggestion)
    {
        var result = await CliRunner.RunAsync(_dir, args.Split(' '));

        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.EndsWith(suggestion, Assert.Single(result.ErrorLines).Split(" (see ")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_near_nothing_gets_no_guess()
    {
        var result = await CliRunner.RunAsync(_dir, "xyz");

        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Equal("error: Unrecognized command or argument 'xyz' (see `cutover --help`)", Assert.Single(result.ErrorLines));
    }
}
