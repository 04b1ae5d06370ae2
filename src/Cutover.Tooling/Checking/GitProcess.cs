using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cutover.Processes;

namespace Cutover.Checking;

/// <summary>Runs the <c>git</c> executable: arguments passed one by one (never through a shell), in a given working directory.</summary>
internal static class GitProcess
{
    /// <summary>Runs git to the end and returns its output; <paramref name="baseRef"/> only names the check in errors.</summary>
    /// <exception cref="CutoverException">git is not installed (bad input).</exception>
    public static Task<ChildProcessResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, string baseRef, CancellationToken cancellationToken) =>
        ChildProcess.RunAsync("git", workingDirectory, arguments, Environment(), NotInstalled(baseRef), cancellationToken);

    /// <summary>
    /// The contents of git objects, in the order asked, from one <c>git cat-file --batch</c> process
    /// (one process for the whole folder rather than one <c>git show</c> per file).
    /// </summary>
    /// <exception cref="CutoverException">git is not installed (bad input), or an object is missing (failed).</exception>
    public static async Task<IReadOnlyList<byte[]>> ReadObjectsAsync(string workingDirectory, IReadOnlyList<string> objectIds, string baseRef, CancellationToken cancellationToken)
    {
        if (objectIds.Count == 0)
        {
            return [];
        }
        using var process = ChildProcess.Start("git", workingDirectory, ["cat-file", "--batch"], Environment(), NotInstalled(baseRef), redirectInput: true);
        using var end = ChildProcess.EndOnCancel(process, cancellationToken);
        try
        {
            return await ReadBatchAsync(process, objectIds, baseRef, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ChildProcess.EndIfRunning(process);
        }
    }

    private static async Task<IReadOnlyList<byte[]>> ReadBatchAsync(Process process, IReadOnlyList<string> objectIds, string baseRef, CancellationToken cancellationToken)
    {
        var error = process.StandardError.ReadToEndAsync(cancellationToken);

        // Write the requests while reading the answers: git stops reading its input while its output pipe is full.
        var requests = Task.Run(async () =>
        {
            foreach (var id in objectIds)
            {
                await process.StandardInput.WriteAsync((id + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            }
            process.StandardInput.Close();
        }, cancellationToken);

        var contents = new List<byte[]>(objectIds.Count);
        await using (var output = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16))
        {
            foreach (var id in objectIds)
            {
                // "<oid> <type> <size>\n<content>\n", or "<oid> missing\n".
                var header = (await ReadLineAsync(output, cancellationToken).ConfigureAwait(false)).Split(' ');
                if (header.Length != 3 || !long.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                {
                    throw new OperationFailedException(
                        $"git cat-file could not read object {id} of '{baseRef}': {string.Join(' ', header)}",
                        "the clone may be incomplete; fetch the base again");
                }
                var content = new byte[size];
                await output.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                await ReadLineAsync(output, cancellationToken).ConfigureAwait(false);
                contents.Add(content);
            }
        }
        await requests.ConfigureAwait(false);
        await error.ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return contents;
    }

    /// <summary>Variables set for git over the ones it inherits.</summary>
    private static Dictionary<string, string> Environment()
    {
        // Paths are paths, not glob patterns (a folder may be called "db[1]"); and never wait for a password.
        var environment = new Dictionary<string, string>
        {
            ["GIT_LITERAL_PATHSPECS"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        // A git hook runs with GIT_DIR=.git, relative to the repository root; git runs here in the migrations folder.
        foreach (var variable in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE" })
        {
            if (System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value && !Path.IsPathRooted(value))
            {
                environment[variable] = Path.GetFullPath(value);
            }
        }
        return environment;
    }

    private static NotInstalledRefusal NotInstalled(string baseRef) =>
        new($"cannot check against base '{baseRef}': git is not installed or not on PATH", "install git, or run the check without --base");

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new List<byte>(64);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new OperationFailedException("git cat-file ended early", "run the check again; if it persists, run `git fsck`");
            }
            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(line.ToArray());
            }
            line.Add(one[0]);
        }
    }
}
