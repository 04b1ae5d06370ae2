using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Cli;

/// <summary>`cutover serve`'s refusals, in-process: they come before anything listens.</summary>
public sealed class DashboardServeCommandTests
{
    [Theory]
    [InlineData("--host", "example.com", "--host expects an IP address (e.g. 127.0.0.1 or 0.0.0.0), not 'example.com'")]
    [InlineData("--port", "70000", "--port expects 1 to 65535, not 70000")]
    [InlineData("--port", "0", "--port expects 1 to 65535, not 0")]
    public async Task A_bad_host_or_port_is_bad_input(string option, string value, string message)
    {
        var folder = Directory.CreateTempSubdirectory("cutover-serve-").FullName;
        var result = await CliRunner.RunAsync(folder, "serve", "--connection", SqliteFiles.NewDatabase(), option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: " + message, Assert.Single(result.ErrorLines));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Allow_actions_is_an_option_of_serve_and_its_help_says_so()
    {
        var folder = Directory.CreateTempSubdirectory("cutover-serve-").FullName;
        var help = await CliRunner.RunAsync(folder, "serve", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--allow-actions", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("read-only unless --allow-actions", help.Stdout, StringComparison.Ordinal);
        // Accepted by the parser: the run gets as far as the port check, which comes before anything listens.
        var result = await CliRunner.RunAsync(folder, "serve", "--connection", SqliteFiles.NewDatabase(), "--allow-actions", "--port", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --port expects 1 to 65535, not 0", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_port_in_use_fails_naming_the_address_and_prints_no_url()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var folder = Directory.CreateTempSubdirectory("cutover-serve-").FullName;
        var result = await CliRunner.RunAsync(folder, "serve", "--connection", SqliteFiles.NewDatabase(), "--port", port);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: cannot listen on 127.0.0.1:{port}: ", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }
}
