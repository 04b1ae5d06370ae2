namespace Cutover.Tests.Cli.Json;

/// <summary>
/// docs/json holds the schema of every --json document as the CLI's types make it. A change to the output shows up
/// here first: regenerate with CUTOVER_WRITE_SCHEMAS=1 and review the diff (a removed or renamed property needs a
/// new contract version, docs/json.md).
/// </summary>
public sealed class OutputSchemaFilesTests
{
    public static TheoryData<string> Files() => [.. OutputDocuments.All.Select(d => d.File)];

    [Theory]
    [MemberData(nameof(Files))]
    public void The_committed_schema_is_the_one_the_output_types_make(string file)
    {
        var document = OutputDocuments.Named(file);
        var path = Path.Combine(OutputDocuments.Folder, file);
        var expected = OutputSchemaExport.Text(document);
        if (Environment.GetEnvironmentVariable("CUTOVER_WRITE_SCHEMAS") == "1")
        {
            Directory.CreateDirectory(OutputDocuments.Folder);
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the test with CUTOVER_WRITE_SCHEMAS=1");
        Assert.Equal(expected, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }
}
