using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// The machine's PostgreSQL programs (initdb, pg_ctl, pg_basebackup …) as the tests run them: the newest
/// /usr/lib/postgresql/*/bin, as the `postgres` OS user when the suite runs as root (PostgreSQL refuses root).
/// </summary>
internal static class PostgresBinaries
{
    public static bool AsRoot { get; } = Environment.UserName == "root";

    /// <summary>The folder of the newest installed server, or null when there is none.</summary>
    public static string? Folder { get; } = Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
        : null;

    /// <summary>A folder the server may write to, under the temp folder.</summary>
    public static async Task<string> NewRootAsync(string prefix)
    {
        RemoveAbandonedRoots(prefix);
        var root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        // Who owns the server: a test process killed before its exit handler ran leaves the server and its data behind
        // (1-2 GB each); the next run stops and removes those whose owner is gone.
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (AsRoot)
            await RunAsync(Start(false, "chown", "postgres", root));
        return root;
    }

    private const string OwnerFile = "owner.pid";

    /// <summary>Stops and deletes the servers of earlier test processes that died without cleaning up.</summary>
    private static void RemoveAbandonedRoots(string prefix)
    {
        foreach (var root in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            var owner = Path.Combine(root, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || IsAlive(pid))
                continue;
            foreach (var data in new[] { Path.Combine(root, "data"), Path.Combine(root, "primary"), Path.Combine(root, "replica") }.Where(Directory.Exists))
            {
                using var stop = Start("pg_ctl", "-D", data, "-m", "immediate", "stop");
                stop.WaitForExit(30_000);
            }
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run may be removing it at the same moment.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Runs one of the server's programs to completion, failing with its output when it fails.</summary>
    public static Task RunAsync(string program, params string[] args) => RunAsync(Start(AsRoot, Path.Combine(Folder!, program), args));

    /// <summary>Starts one of the server's programs without waiting for it (for a shutdown at process exit).</summary>
    public static Process Start(string program, params string[] args) => Start(AsRoot, Path.Combine(Folder!, program), args);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process Start(bool asPostgres, string program, params string[] args)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
                info.ArgumentList.Add(a);
        }
        foreach (var a in args)
            info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task RunAsync(Process process)
    {
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
