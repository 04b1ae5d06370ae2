namespace Cutover.Tests.Cli;

/// <summary>
/// The story samples pass `cutover check` out of the box (each ships its cutover.sum), except for the finding that is
/// the story itself.
/// </summary>
public sealed class StorySampleCheckTests
{
    private static string Stories => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/stories"));

    public static TheoryData<string> Samples => new(Directory.GetDirectories(Stories).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Check_runs_clean_on_the_story_sample_with_its_sum_file(string story)
    {
        var folder = Path.Combine(Stories, story);

        var result = await CliRunner.RunAsync(folder, "check");

        Assert.True(File.Exists(Path.Combine(folder, "migrations", "cutover.sum")), $"{story} ships no migrations/cutover.sum");
        Assert.DoesNotContain("sum-", result.Stdout + result.Stderr, StringComparison.Ordinal);
        if (story == "10-forgotten-index")
        {
            // The story is a down step that forgets its index: check catches it.
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("error down-incomplete", result.Stdout + result.Stderr, StringComparison.Ordinal);
            Assert.Contains("1 error, 0 warnings", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        }
    }
}
