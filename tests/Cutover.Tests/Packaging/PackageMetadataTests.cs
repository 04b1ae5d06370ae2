using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Cutover.Tests.Browser;
using Cutover.Tests.Files;

namespace Cutover.Tests.Packaging;

/// <summary>
/// Packs the engine (Cutover.csproj, already built with the tests: --no-build keeps this to seconds) and reads the package
/// as nuget.org would: the license, the readme, the icon, the symbols, and a version that came from git through MinVer.
/// The metadata lives in Directory.Build.props and src/Directory.Build.props, shared by every package.
/// </summary>
public sealed partial class PackageMetadataTests : IClassFixture<PackageMetadataTests.PackedEngine>
{
    private readonly PackedEngine _packed;

    public PackageMetadataTests(PackedEngine packed) => _packed = packed;

    [Fact]
    public void The_license_is_the_MIT_expression_and_the_license_file_travels_with_it()
    {
        var license = _packed.Metadata("license");
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        Assert.Contains("MIT License", _packed.Text("LICENSE"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_is_in_the_package_and_has_no_relative_links_which_nuget_org_cannot_follow()
    {
        Assert.Equal("README.md", _packed.Metadata("readme").Value);
        var readme = _packed.Text("README.md");
        Assert.StartsWith("# Cutover", readme, StringComparison.Ordinal);
        var relative = RelativeLink().Matches(readme).Select(m => m.Value).ToArray();
        Assert.True(relative.Length == 0, "relative links: " + string.Join(", ", relative));
    }

    [Fact]
    public void The_icon_is_a_128_pixel_square_png()
    {
        Assert.Equal("icon.png", _packed.Metadata("icon").Value);
        var png = _packed.Bytes("icon.png");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // IHDR is the first chunk: width and height are big-endian at bytes 16 and 20.
        Assert.Equal(128, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(128, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void Authors_description_tags_and_the_source_commit_are_filled_in()
    {
        Assert.Equal("the Cutover authors", _packed.Metadata("authors").Value);
        Assert.Contains("migrations", _packed.Metadata("description").Value, StringComparison.Ordinal);
        Assert.Contains("migrations", _packed.Metadata("tags").Value.Split(' '));
        // SourceLink records the commit even without a remote; the URL joins it once the repository has one.
        Assert.Matches("^[0-9a-f]{40}$", _packed.Metadata("repository").Attribute("commit")?.Value ?? "");
    }

    [Fact]
    public void Symbols_come_as_a_snupkg_beside_the_package()
    {
        Assert.True(File.Exists(Path.ChangeExtension(_packed.PackagePath, ".snupkg")), "no .snupkg beside " + _packed.PackagePath);
    }

    [Fact]
    public void The_version_is_MinVer_s_from_git_in_the_package_and_the_assembly()
    {
        var version = _packed.Metadata("version").Value;
        // A tagged commit gives the tag (v1.2.0 → 1.2.0); any other a pre-release counting commits since the tag or the root.
        Assert.Matches(MinVerVersion(), version);
        Assert.NotEqual("0.1.0", version);
        // Not compared for equality: a commit after the test build moves the height of the pack but not of the built dll.
        var informational = typeof(Migrator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Matches(MinVerVersion(), informational.Split('+')[0]);
        Assert.NotEqual("0.1.0", informational.Split('+')[0]);
    }

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-alpha\.0\.\d+|-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex MinVerVersion();

    // A Markdown link or image whose target is not an absolute http(s) URL.
    [GeneratedRegex(@"\]\((?!https?://)[^)]*\)")]
    private static partial Regex RelativeLink();

    /// <summary>Cutover.csproj packed once for the class, in the configuration the tests were built in.</summary>
    public sealed class PackedEngine : IDisposable
    {
        private readonly TempFolder _output = new();
        private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
        private readonly XElement _metadata;

        public PackedEngine()
        {
            var project = Path.Combine(RepositoryFolder.Root(), "src", "Cutover", "Cutover.csproj");
            // bin/<configuration>/net10.0/: pack what the test build produced rather than building again.
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "pack", project, "--no-build", "--no-restore", "-c", configuration, "-o", _output.Path, "-nologo" })
                info.ArgumentList.Add(arg);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet pack");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet pack exited {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");

            PackagePath = Directory.GetFiles(_output.Path, "Cutover.*.nupkg").Single();
            using (var zip = ZipFile.OpenRead(PackagePath))
            {
                foreach (var entry in zip.Entries)
                {
                    using var stream = entry.Open();
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    _entries[entry.FullName] = copy.ToArray();
                }
            }
            var nuspec = XDocument.Parse(Text("Cutover.nuspec"));
            _metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        }

        public string PackagePath { get; }

        public XElement Metadata(string name) =>
            _metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"the nuspec has no <{name}>");

        public byte[] Bytes(string entry) =>
            _entries.TryGetValue(entry, out var bytes) ? bytes : throw new Xunit.Sdk.XunitException($"the package has no {entry}");

        public string Text(string entry) => System.Text.Encoding.UTF8.GetString(Bytes(entry)).TrimStart('\uFEFF');

        public void Dispose() => _output.Dispose();
    }
}
