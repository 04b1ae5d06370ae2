using System.CommandLine;
using System.Globalization;
using System.Net;
using Cutover.Cli.Serving;
using Cutover.Sql;
using Cutover.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Cutover.Cli.Commands;

internal static class ServeCommand
{
    public const int DefaultPort = 5080;

    public static Command Create(CliContext context)
    {
        var host = new Option<string>("--host")
        {
            Description = "The address to listen on (default 127.0.0.1; any other needs the token it prints)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var port = WholeNumberOption.Create("--port", $"The port (default {DefaultPort})");
        var allowActions = new Option<bool>("--allow-actions")
        {
            Description = "Also offer actions, each behind a confirmation: pause/resume/cancel a backfill, verify, rollout, complete, abort",
        };
        var docs = new Option<string>("--docs") { Description = "The folder `cutover rehearse` wrote its one-pagers and reports to (default: docs/migrations beside the migrations folder)" };
        var command = new Command("serve", "Serve a web dashboard of the migrations, schema, in-flight work, rehearsals and audit log until Ctrl+C (read-only unless --allow-actions)") { host, port, allowActions, docs };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var hostText = parsed.GetValue(host)!;
            var address = hostText == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(hostText, out var parsedAddress) ? parsedAddress : null;
            var portNumber = parsed.GetValue(port) ?? DefaultPort;
            if (address is null || portNumber is < 1 or > 65535)
            {
                await context.Stderr.WriteLineAsync(address is null
                    ? $"error: --host expects an IP address (e.g. 127.0.0.1 or 0.0.0.0), not '{hostText}'"
                    : $"error: --port expects 1 to 65535, not {portNumber}").ConfigureAwait(false);
                return (int)ExitCode.BadInput;
            }
            var options = await context.OptionsAsync(cancellationToken).ConfigureAwait(false);
            var provider = ProviderFactory.For(options.ConnectionString);
            // Loopback is reachable only from this machine; anything else is the network's, so it needs the secret.
            var token = IPAddress.IsLoopback(address) ? null : DashboardToken.Generate();
            // The pages show what `cutover check` and `cutover rehearse` would: the same lint, the same docs folder.
            var lint = ProviderFactory.LintFor(provider.Dialect,
                provider.Dialect == SqlDialect.Sqlite ? await SqliteProvider.LibraryVersionAsync(cancellationToken).ConfigureAwait(false) : null);
            var docsFolder = RehearseCommand.DocsFolder(context, parsed.GetValue(docs), options.MigrationsFolder);
            WebApplication app;
            try
            {
                app = await DashboardServer.StartAsync(options, provider, address, portNumber, token, context.WorkingDirectory,
                    dashboard => { dashboard.Lint = lint; dashboard.RehearsalDocsFolder = docsFolder; dashboard.AllowActions = parsed.GetValue(allowActions); },
                    // Requests run concurrently; one error line must not interleave with another.
                    TextWriter.Synchronized(context.Stderr), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                // Kestrel's bind failures (port taken, address not this machine's) are IOExceptions: the user's to fix, not a crash.
                var endpoint = new IPEndPoint(address, portNumber);
                await context.Stderr.WriteLineAsync($"error: cannot listen on {endpoint}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return (int)ExitCode.Failed;
            }
            await using (app.ConfigureAwait(false))
            {
                var shown = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : address.ToString();
                var authority = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && shown.Contains(':', StringComparison.Ordinal) ? $"[{shown}]" : shown;
                var url = string.Create(CultureInfo.InvariantCulture, $"http://{authority}:{portNumber}/");
                await context.Stdout.WriteLineAsync(token is null ? $"dashboard: {url}" : $"dashboard: {url}?{DashboardToken.QueryName}={token.Value}").ConfigureAwait(false);
                await context.Stdout.WriteLineAsync("press Ctrl+C to stop").ConfigureAwait(false);
                await context.Stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C is how serve ends: a normal stop, not a cancelled run.
                }
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            return (int)ExitCode.Success;
        });
        return command;
    }
}
