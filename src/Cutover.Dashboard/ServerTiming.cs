using System.Diagnostics;
using System.Globalization;

namespace Cutover.Dashboard;

/// <summary>
/// Adds <c>Server-Timing: app;dur=&lt;ms&gt;</c> to every dashboard response: the time from the start of the handler (the
/// page's database reads, then its rendering) until the response's headers are sent. Browsers' developer tools show it
/// beside the network time, and <c>bench/dashboard.sh</c> reads it to tell the server's share of a page from the round
/// trip's. Pages are rendered into the response's buffer before its first flush, so for them this is the whole handler.
/// </summary>
internal static class ServerTiming
{
    public const string HeaderName = "Server-Timing";

    /// <summary><paramref name="handler"/>, timed: the header must be set before the first byte goes out, hence OnStarting.</summary>
    public static RequestDelegate Around(RequestDelegate handler) => context =>
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var (response, started) = ((HttpResponse, long))state;
            response.Headers[HeaderName] = Format(Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        }, (context.Response, started));
        return handler(context);
    };

    /// <summary>The header's value: one metric named app, its duration in milliseconds with one decimal (invariant culture).</summary>
    public static string Format(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"app;dur={elapsed.TotalMilliseconds:0.0}");
}
