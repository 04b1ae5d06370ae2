using Cutover.Files;

namespace Cutover.Checking;

/// <summary>A migration file as it is on the base ref.</summary>
internal sealed record BaseMigration(string FileName, string Id, string Checksum);

/// <summary>
/// The migrations folder as it is on a git ref (the branch this one will merge into), read with the
/// <c>git</c> executable from the repository the folder is in.
/// </summary>
/// <param name="Ref">The ref as the user gave it, e.g. <c>origin/main</c>.</param>
/// <param name="Commit">The commit it names.</param>
/// <param name="FolderInRepository">The folder's path from the repository root, with <c>/</c> and a trailing <c>/</c> (empty at the root).</param>
/// <param name="Migrations">The correctly named migration files on the base, in file-name order.</param>
/// <param name="AtForkPoint">
/// File name → checksum at the fork point (<c>git merge-base</c> of the base and <c>HEAD</c>), so that what the base
/// changed after this branch forked is not blamed on the branch; null when the fork point is unknown (a shallow
/// clone, unrelated histories), and every difference then counts.
/// </param>
internal sealed record GitBase(string Ref, string Commit, string FolderInRepository, IReadOnlyList<BaseMigration> Migrations, IReadOnlyDictionary<string, string>? AtForkPoint)
{
    /// <summary>Reads the migrations on <paramref name="baseRef"/> for the repository <paramref name="migrationsFolder"/> is in.</summary>
    /// <exception cref="CutoverException">git is not installed, the folder is not in a git repository, or the ref is unknown (bad input).</exception>
    public static async Task<GitBase> ReadAsync(string migrationsFolder, string baseRef, CancellationToken cancellationToken)
    {
        // A ref starting with '-' would be read as an option.
        if (string.IsNullOrWhiteSpace(baseRef) || baseRef.StartsWith('-'))
        {
            throw new InvalidToolInputException($"bad git ref '{baseRef}'", "name the branch to compare with, e.g. --base origin/main");
        }
        var folder = Path.GetFullPath(migrationsFolder);

        // --show-prefix gives the folder's path from the root as git sees it, which a symlinked
        // temporary or home directory cannot throw off the way comparing two absolute paths can.
        var where = await GitProcess.RunAsync(folder, ["rev-parse", "--show-toplevel", "--show-prefix"], baseRef, cancellationToken).ConfigureAwait(false);
        if (where.ExitCode != 0)
        {
            throw new InvalidToolInputException(
                $"cannot check against base '{baseRef}': {folder} is not in a git repository (git: {where.FirstErrorLine})",
                "run the check in a clone of the repository, or leave out --base");
        }
        var lines = where.Output.Split('\n');
        var root = lines[0].Trim();
        var prefix = lines.Length > 1 ? lines[1].Trim() : "";

        var commit = await ResolveAsync(folder, baseRef, root, cancellationToken).ConfigureAwait(false);
        var forkPoint = await ForkPointAsync(folder, commit, baseRef, cancellationToken).ConfigureAwait(false);

        var onBase = await ListAsync(folder, commit, prefix, baseRef, cancellationToken).ConfigureAwait(false);
        var atFork = forkPoint is null ? null : await ListAsync(folder, forkPoint, prefix, baseRef, cancellationToken).ConfigureAwait(false);

        // One cat-file for both trees; a blob both share is read once.
        var objectIds = onBase.Concat(atFork ?? []).Select(f => f.ObjectId).Distinct(StringComparer.Ordinal).ToList();
        var contents = await GitProcess.ReadObjectsAsync(folder, objectIds, baseRef, cancellationToken).ConfigureAwait(false);
        var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < objectIds.Count; i++)
        {
            checksums[objectIds[i]] = MigrationChecksum.Compute(FolderScan.Decode(contents[i]));
        }

        var migrations = onBase.Select(f => new BaseMigration(f.FileName, f.Id, checksums[f.ObjectId])).ToList();
        var fork = atFork?.ToDictionary(f => f.FileName, f => checksums[f.ObjectId], StringComparer.Ordinal);
        return new GitBase(baseRef, commit, prefix, migrations, fork);
    }

    private static async Task<string> ResolveAsync(string folder, string baseRef, string root, CancellationToken cancellationToken)
    {
        var resolved = await GitProcess.RunAsync(folder, ["rev-parse", "--verify", "--quiet", baseRef + "^{commit}"], baseRef, cancellationToken).ConfigureAwait(false);
        if (resolved.ExitCode == 0)
        {
            return resolved.Output.Trim();
        }
        // CI checkouts are usually shallow clones of one branch, where origin/main does not exist until fetched.
        var slash = baseRef.IndexOf('/', StringComparison.Ordinal);
        // The explicit destination matters: in a single-branch clone, `git fetch origin main` only sets FETCH_HEAD.
        var fetch = slash > 0 && !baseRef.StartsWith("refs/", StringComparison.Ordinal) && baseRef.IndexOf('/', slash + 1) < 0
            ? $"git fetch --no-tags --depth=1 {baseRef[..slash]} +{baseRef[(slash + 1)..]}:refs/remotes/{baseRef}"
            : "git fetch --no-tags --depth=1 origin +main:refs/remotes/origin/main";
        throw new InvalidToolInputException(
            $"unknown git ref '{baseRef}' in {root}",
            $"check the spelling, or fetch it first (CI checkouts are often shallow clones of one branch), e.g. `{fetch}`");
    }

    private static async Task<string?> ForkPointAsync(string folder, string commit, string baseRef, CancellationToken cancellationToken)
    {
        var fork = await GitProcess.RunAsync(folder, ["merge-base", commit, "HEAD"], baseRef, cancellationToken).ConfigureAwait(false);
        return fork.ExitCode == 0 ? fork.Output.Trim() : null;
    }

    private sealed record TreeFile(string FileName, string Id, string ObjectId);

    private static async Task<List<TreeFile>> ListAsync(string folder, string commit, string prefix, string baseRef, CancellationToken cancellationToken)
    {
        // --full-tree: the path is from the root, not from the working directory (the migrations folder itself).
        // -z: names exactly as stored, not quoted.
        List<string> arguments = ["ls-tree", "--full-tree", "-z", commit];
        if (prefix.Length > 0)
        {
            arguments.AddRange(["--", prefix]);
        }
        var listed = await GitProcess.RunAsync(folder, arguments, baseRef, cancellationToken).ConfigureAwait(false);
        if (listed.ExitCode != 0)
        {
            throw new OperationFailedException($"git ls-tree {commit} failed: {listed.FirstErrorLine}", "check that the clone is complete (`git fsck`)");
        }

        var files = new List<TreeFile>();
        foreach (var record in listed.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <object>\t<path>"; only regular files directly in the folder.
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ');
            var path = record[(tab + 1)..];
            if (meta[1] != "blob" || meta[0] == "120000" || !path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var name = path[prefix.Length..];
            if (!name.Contains('/', StringComparison.Ordinal) && MigrationName.TryParseFileName(name, out var id, out _))
            {
                files.Add(new TreeFile(name, id, meta[2]));
            }
        }
        return files.OrderBy(f => f.FileName, StringComparer.Ordinal).ToList();
    }
}
