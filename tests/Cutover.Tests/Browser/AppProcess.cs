using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Browser;

/// <summary>
/// An ASP.NET Core app run as a real child process (`dotnet app.dll --urls http://127.0.0.1:port`), so a browser test
/// sees the app as a user does: its own process, configuration and startup. Its output is drained as it comes (a full
/// pipe would stall the app) and kept, for the failure messages.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AppProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What the app printed so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output => string.Join("\n", _lines);

    /// <summary>
    /// Starts <paramref name="dll"/> on a free loopback port and returns once a GET of <paramref name="readyPath"/>
    /// answers with a success status (or <paramref name="readyStatus"/> when given); fails with the app's output when it
    /// exits first or <paramref name="timeout"/> passes. The port is passed as <c>--urls http://127.0.0.1:port</c>, or as
    /// <paramref name="listenArgs"/> say for an app that takes it otherwise (<c>cutover serve --port</c>).
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        string dll,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment,
        string readyPath,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<int, IEnumerable<string>>? listenArgs = null,
        System.Net.HttpStatusCode? readyStatus = null)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"No app to start at {dll}.", dll);
        var port = PostgresBinaries.FreePort();
        var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var info = new ProcessStartInfo("dotnet")
        {
            // The content root (appsettings.json, wwwroot) defaults to the working folder; the app's own folder has them.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var arg in listenArgs?.Invoke(port) ?? ["--urls", baseUrl.GetLeftPart(UriPartial.Authority)])
            info.ArgumentList.Add(arg);
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var app = new AppProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app._lines.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilAnswersAsync(readyPath, readyStatus, timeout, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAnswersAsync(string readyPath, System.Net.HttpStatusCode? readyStatus, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var url = new Uri(BaseUrl, readyPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await DrainAsync();
                throw new InvalidOperationException($"{Describe()} exited with {_process.ExitCode} before {url} answered. Its output:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (readyStatus is null ? response.IsSuccessStatusCode : response.StatusCode == readyStatus)
                    return;
                last = $"last answer {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                // Not listening yet: Kestrel binds the port only once the app's startup is done.
                last = "last attempt: " + e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "last attempt timed out";
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
        throw new TimeoutException($"{Describe()} did not answer GET {url} with a success status within {timeout.TotalSeconds:0.#} s ({last}). Its output:\n{Output}");
    }

    /// <summary>Waits until the app has printed a line that <paramref name="match"/> accepts, and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_lines.FirstOrDefault(match) is { } line)
                return line;
            await Task.Delay(PollInterval, cancellationToken);
        }
        throw new TimeoutException($"{Describe()} printed no such line within {timeout.TotalSeconds:0.#} s. Its output:\n{Output}");
    }

    private string Describe() => "dotnet " + string.Join(' ', _process.StartInfo.ArgumentList);

    /// <summary>Kills the app and every process it started, and waits, so nothing holds the port or files after the test.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        await DrainAsync();
        _process.Dispose();
    }

    private async Task DrainAsync()
    {
        await _process.WaitForExitAsync();
        // The asynchronous output events may still be in flight after the exit; this overload waits for them.
        _process.WaitForExit();
    }
}
