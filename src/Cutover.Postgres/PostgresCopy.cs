using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Copies a PostgreSQL database for a rehearsal: <c>CREATE DATABASE … TEMPLATE</c> when the copy goes on the
/// source's server and the source can serve as a template (nobody else connected); otherwise pg_dump in
/// custom format and a parallel pg_restore into an empty scratch database. The source is only read.
/// </summary>
internal static class PostgresCopy
{
    /// <summary>Makes the copy; <paramref name="cores"/> (the machine's by default) picks the dump path, so tests can take each.</summary>
    public static async Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken, int? cores = null)
    {
        var source = PostgresConnectionString.Parse(sourceConnectionString);
        if (string.IsNullOrEmpty(source.Database))
            throw new InvalidOptionException("From", null, "names no database", remedy: "add Database=<name> to the connection string");
        var server = into is null ? new NpgsqlConnectionStringBuilder(source.ConnectionString) : PostgresConnectionString.Parse(into);
        var sameServer = into is null || (server.Host == source.Host && server.Port == source.Port);
        var name = $"cutover_rehearse_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid().ToString("N")[..6]}";
        var scratch = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = false };

        await using var admin = await OpenMaintenanceAsync(server, cancellationToken).ConfigureAwait(false);
        foreach (var stale in await DropStaleAsync(admin, cancellationToken).ConfigureAwait(false))
            progress?.Report($"dropped {stale}, a scratch copy left by a rehearsal that was killed");
        if (sameServer)
        {
            try
            {
                progress?.Report($"CREATE DATABASE {name} TEMPLATE {source.Database}");
                await ExecuteAsync(admin, $"CREATE DATABASE {Quote(name)} TEMPLATE {Quote(source.Database)}", cancellationToken).ConfigureAwait(false);
                await MarkAsync(admin, name, Owned, cancellationToken).ConfigureAwait(false);
                return new ScratchCopy(scratch.ConnectionString, name, "CREATE DATABASE … TEMPLATE");
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege)
            {
                // 55006: someone is connected to the source (the usual case for a live database); 42501: not allowed.
                progress?.Report($"template copy not possible ({e.MessageText}); using pg_dump and pg_restore");
            }
        }
        await ExecuteAsync(admin, $"CREATE DATABASE {Quote(name)}", cancellationToken).ConfigureAwait(false);
        await MarkAsync(admin, name, Owned, cancellationToken).ConfigureAwait(false);
        var copy = new ScratchCopy(scratch.ConnectionString, name, "pg_dump and pg_restore");
        try
        {
            var method = await DumpAndRestoreAsync(source, scratch, cores ?? Environment.ProcessorCount, progress, cancellationToken).ConfigureAwait(false);
            return copy with { Method = method };
        }
        catch
        {
            await DropAsync(copy, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    public static async Task DropAsync(ScratchCopy copy, CancellationToken cancellationToken)
    {
        var scratch = new NpgsqlConnectionStringBuilder(copy.ConnectionString);
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenMaintenanceAsync(scratch, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(copy.Name)} WITH (FORCE)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The comment on a copy in use: who made it, so a later run can tell when its maker was killed.</summary>
    private static string Owned => $"cutover rehearsal copy made by {ScratchCopyOwner.Tag}";

    /// <summary>A copy kept on purpose loses its owner: later runs leave it alone.</summary>
    public static async Task KeepAsync(ScratchCopy copy, CancellationToken cancellationToken)
    {
        var scratch = new NpgsqlConnectionStringBuilder(copy.ConnectionString);
        await using var admin = await OpenMaintenanceAsync(scratch, cancellationToken).ConfigureAwait(false);
        await MarkAsync(admin, copy.Name, "cutover rehearsal copy, kept", cancellationToken).ConfigureAwait(false);
    }

    private static async Task MarkAsync(NpgsqlConnection admin, string name, string comment, CancellationToken cancellationToken) =>
        await ExecuteAsync(admin, $"COMMENT ON DATABASE {Quote(name)} IS '{comment.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Drops the copies on this server that a killed rehearsal on this machine left: owned by the current role, made
    /// by a process that no longer runs, and with nobody connected (a connection that arrives meanwhile makes the drop
    /// fail, and the copy stays).
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropStaleAsync(NpgsqlConnection admin, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT d.datname, coalesce(shobj_description(d.oid, 'pg_database'), '')
            FROM pg_database d
            WHERE d.datname LIKE 'cutover\_rehearse\_%' AND d.datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user)
              AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)
            """;
        var stale = new List<string>();
        await using (var command = new NpgsqlCommand(sql, admin))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ScratchCopyOwner.IsStale(reader.GetString(1)))
                    stale.Add(reader.GetString(0));
            }
        }
        var dropped = new List<string>();
        foreach (var name in stale)
        {
            try
            {
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {Quote(name)}", cancellationToken).ConfigureAwait(false);
                dropped.Add(name);
            }
            catch (PostgresException)
            {
                // Someone connected to it after all, or it is not ours to drop: leave it.
            }
        }
        return dropped;
    }

    /// <summary>A connection to the server's maintenance database, from which databases are created and dropped.</summary>
    private static async Task<NpgsqlConnection> OpenMaintenanceAsync(NpgsqlConnectionStringBuilder server, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ConnectionFailedException($"{server.Host}:{server.Port}", $"cannot connect to PostgreSQL at {server.Host}:{server.Port} (database postgres) to create the scratch copy: {e.Message.ReplaceLineEndings(" ")}",
                "the rehearsal needs a role that may CREATE DATABASE on that server; name such a server for the copy", e);
        }
    }

    /// <summary>
    /// Restores a custom-format dump of the source into the scratch database. With more than two cores the
    /// dump goes to a file so pg_restore can rebuild tables and indexes in parallel (--jobs needs a file);
    /// otherwise it is piped, which overlaps dumping and restoring and is faster on a small machine.
    /// </summary>
    private static async Task<string> DumpAndRestoreAsync(NpgsqlConnectionStringBuilder source, NpgsqlConnectionStringBuilder target, int cores, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var dumpArguments = new List<string> { "--format=custom", "--no-owner", "--no-privileges", $"--dbname={source.Database}" };
        var restoreArguments = new List<string> { "--no-owner", "--no-privileges", $"--dbname={target.Database}" };
        if (cores <= 2)
        {
            progress?.Report($"pg_dump {source.Database} piped to pg_restore into {target.Database}");
            using var dump = StartTool("pg_dump", source, dumpArguments, redirectInput: false);
            using var restore = StartTool("pg_restore", target, restoreArguments, redirectInput: true);
            using var kill = cancellationToken.Register(() => { Kill(dump); Kill(restore); });
            var dumpErrors = dump.StandardError.ReadToEndAsync(CancellationToken.None);
            var restoreErrors = restore.StandardError.ReadToEndAsync(CancellationToken.None);
            var restoreOutput = restore.StandardOutput.ReadToEndAsync(CancellationToken.None);
            try
            {
                await dump.StandardOutput.BaseStream.CopyToAsync(restore.StandardInput.BaseStream, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // pg_restore stopped reading: its exit code and message say why.
            }
            restore.StandardInput.Close();
            await restoreOutput.ConfigureAwait(false);
            await FinishAsync("pg_dump", dump, dumpErrors, cancellationToken).ConfigureAwait(false);
            await FinishAsync("pg_restore", restore, restoreErrors, cancellationToken).ConfigureAwait(false);
            return "pg_dump -Fc piped to pg_restore";
        }

        var file = Path.Combine(Path.GetTempPath(), $"{target.Database}.dump");
        try
        {
            progress?.Report($"pg_dump {source.Database}");
            await RunToolAsync("pg_dump", source, [.. dumpArguments, $"--file={file}"], cancellationToken).ConfigureAwait(false);
            var jobs = Math.Min(cores, 8).ToString(CultureInfo.InvariantCulture);
            progress?.Report($"pg_restore --jobs={jobs} into {target.Database}");
            await RunToolAsync("pg_restore", target, [.. restoreArguments, $"--jobs={jobs}", file], cancellationToken).ConfigureAwait(false);
            return "pg_dump -Fc, then pg_restore --jobs";
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task RunToolAsync(string tool, NpgsqlConnectionStringBuilder connection, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var process = StartTool(tool, connection, arguments, redirectInput: false);
        using var kill = cancellationToken.Register(() => Kill(process));
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await process.StandardOutput.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
        await FinishAsync(tool, process, errors, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts pg_dump or pg_restore with the connection in libpq's environment variables (the password never on a command line).</summary>
    private static Process StartTool(string tool, NpgsqlConnectionStringBuilder connection, IReadOnlyList<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(FindTool(tool))
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = redirectInput, UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        if (connection.Password is { } password)
            start.Environment["PGPASSWORD"] = password;
        return Process.Start(start)!;
    }

    private static async Task FinishAsync(string tool, Process process, Task<string> errors, CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
            throw new OperationFailedException($"{tool} failed (exit {process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim().ReplaceLineEndings(" ")}",
                $"run {tool} by hand with the same connection to see why; the scratch database was dropped");
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>pg_dump/pg_restore from PATH, else the newest under /usr/lib/postgresql/*/bin (Debian's layout).</summary>
    private static string FindTool(string tool)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
        if (onPath is not null)
            return onPath;
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        return debian ?? throw new ConfigurationException($"{tool} not found on PATH or under /usr/lib/postgresql/*/bin",
            remedy: "install the PostgreSQL client tools (e.g. apt-get install postgresql-client) — the copy needs pg_dump and pg_restore when CREATE DATABASE … TEMPLATE cannot be used");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
