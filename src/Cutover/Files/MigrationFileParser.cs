using System.Text;
using System.Text.RegularExpressions;
using Cutover.Sql;

namespace Cutover.Files;

/// <summary>
/// Reads migration files (<c>&lt;yyyyMMddHHmmss&gt;_&lt;slug&gt;.sql</c>): the header metadata, the
/// <c>-- cutover:</c> directives and the statements of each step; and renders the down steps to
/// the text stored with the history record, and back.
/// </summary>
internal static partial class MigrationFileParser
{
    [GeneratedRegex(@"^--\s*(?<key>[A-Za-z][A-Za-z0-9_-]*):(?<value>.*)$")]
    private static partial Regex MetadataLine();

    /// <summary>Parses the text of a migration file; <paramref name="path"/> supplies the id and name and is named in errors.</summary>
    /// <exception cref="CutoverException">The name or the content is malformed (bad input), with <c>path:line:</c> first.</exception>
    public static MigrationFile Parse(string path, string text, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var (id, name) = MigrationName.ParseFileName(path);
        return ParseText(path, id, name, text, dialect, isDownScript: false);
    }

    /// <summary>Reads (as UTF-8) and parses a migration file.</summary>
    /// <exception cref="CutoverException">The file is missing, not UTF-8, or malformed (bad input).</exception>
    public static async Task<MigrationFile> ParseFileAsync(string path, SqlDialect dialect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidFileException(path, null, $"migration file not found", "check the path", e);
        }

        return ParseBytes(path, bytes, dialect);
    }

    /// <summary>Decodes (strict UTF-8) and parses the bytes of a migration, read from a file or an embedded resource.</summary>
    /// <exception cref="CutoverException">The bytes are not UTF-8, or the migration is malformed (bad input).</exception>
    public static MigrationFile ParseBytes(string path, byte[] bytes, SqlDialect dialect)
    {
        string text;
        try
        {
            // Strict decoding: a file in another encoding would otherwise be checksummed and run
            // with replacement characters in its strings.
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidFileException(path, 1, "the file is not valid UTF-8", "save it as UTF-8", e);
        }
        return Parse(path, text, dialect);
    }

    /// <summary>
    /// Renders the rollback part of <paramref name="file"/> in file format: each down step as
    /// <c>-- cutover:down</c> or <c>-- cutover:down no-transaction</c> followed by its SQL, in file
    /// order, or the <c>-- cutover:irreversible &lt;reason&gt;</c> line. Empty when the file has
    /// neither. This text is stored with the history record so that a rollback still works after
    /// the file has gone.
    /// </summary>
    public static string DownScript(MigrationFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var script = new StringBuilder();
        if (file.IrreversibleReason is { } reason)
        {
            script.Append("-- cutover:irreversible ").Append(reason).Append('\n');
        }
        foreach (var step in file.Steps.Where(s => s.Kind.IsDown()))
        {
            // The parser refuses an empty step, so every step has SQL (or, for a no-op step, comments) to write.
            script.Append("-- cutover:").Append(step.Kind.Directive()).Append('\n').Append(step.Sql.Trim()).Append('\n');
        }
        return script.ToString();
    }

    /// <summary>
    /// Parses a down script made by <see cref="DownScript"/> back into a migration with only down
    /// steps (or only an irreversible reason). Errors name <c>history:&lt;id&gt;_&lt;name&gt;</c>.
    /// The result's <see cref="MigrationFile.Checksum"/> is that of the down script, not of the
    /// original file, and its metadata is empty.
    /// </summary>
    /// <exception cref="CutoverException">The stored text is malformed (bad input).</exception>
    public static MigrationFile ParseDownScript(string id, string name, string downScript, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(downScript);
        return ParseText($"history:{id}_{name}", id, name, downScript, dialect, isDownScript: true);
    }

    /// <summary>
    /// Parses SQL that Cutover generated in file form (the steps an operation expands into, its complete phase), with
    /// the same rules as a file. <paramref name="path"/> names it in errors.
    /// </summary>
    internal static MigrationFile ParseGenerated(string path, string id, string name, string text, SqlDialect dialect) =>
        ParseText(path, id, name, text, dialect, isDownScript: false);

    private static MigrationFile ParseText(string path, string id, string name, string text, SqlDialect dialect, bool isDownScript)
    {
        var checksum = MigrationChecksum.Compute(text);
        var normalised = MigrationText.Normalise(text, dialect);
        RefuseNul(path, normalised);
        var lines = normalised.Split('\n');

        // Directives are found line by line before any lexing, so a line like "-- cutover:down"
        // inside a dollar-quoted function body would still start a step. Such a line in a body is
        // unlikely enough that the simple rule, which users can see at a glance, is kept.
        var directives = new List<Directive>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (Directive.IsDirective(lines[i]))
            {
                directives.Add(Directive.Parse(path, i + 1, lines[i]));
            }
        }

        var headerLineCount = directives.Count > 0 ? directives[0].Line - 1 : lines.Length;
        var metadata = ParseHeader(path, string.Join('\n', lines.AsSpan(0, headerLineCount)), dialect);

        var steps = new List<MigrationStep>();
        Directive? irreversible = null;
        for (var d = 0; d < directives.Count; d++)
        {
            var directive = directives[d];
            var bodyEnd = d + 1 < directives.Count ? directives[d + 1].Line - 1 : lines.Length;
            var sql = string.Join('\n', lines.AsSpan(directive.Line, bodyEnd - directive.Line));
            var statements = SqlSplitter.Split(sql, dialect, path, directive.Line + 1);

            // Tested for null rather than with `is not { } kind`: Stryker cannot mutate a condition that assigns a
            // pattern variable without breaking definite assignment, and would then drop every mutant of this method.
            if (directive.Kind is null)
            {
                if (irreversible is not null)
                {
                    throw new InvalidFileException(
                        path, directive.Line, $"second '-- cutover:irreversible' directive (the first is on line {irreversible.Line})",
                        "keep one, with one reason");
                }
                if (statements.Count > 0)
                {
                    throw new InvalidFileException(
                        path, statements[0].Line, $"SQL under '-- cutover:irreversible', which takes no statements",
                        "move the SQL into an up step above it");
                }
                irreversible = directive;
                continue;
            }
            var kind = directive.Kind.Value;

            if (isDownScript && !kind.IsDown())
            {
                throw new InvalidFileException(
                    path, directive.Line, $"'-- cutover:{kind.Directive()}' in a stored down script",
                    "the stored down script may hold only down steps; repair the history record");
            }
            if (kind == StepKind.Operation)
            {
                if (isDownScript || steps.FirstOrDefault(s => s.Kind.IsDown()) is not null)
                    throw new InvalidFileException(
                        path, directive.Line, "operation after a down step: operations belong to the up direction (their rollback is generated)",
                        "move it above the first -- cutover:down line");
                if (statements.Count > 0)
                    throw new InvalidFileException(
                        path, statements[0].Line, $"SQL under '-- cutover:op {directive.Operation!.Kind}', which takes no statements",
                        "put the SQL in a -- cutover:up step of its own");
                if (steps.FirstOrDefault(s => s.Operation is not null && s.Operation.Table == directive.Operation!.Table) is { } earlier)
                    throw new InvalidFileException(
                        path, directive.Line, $"second operation on {directive.Operation!.Table} in one migration (the first is on line {earlier.Line})",
                        "declare one operation per table in a migration; put the next one in a later migration");
                steps.Add(new MigrationStep(kind, directive.Line, sql, statements, null, directive.Operation));
                continue;
            }
            if (kind == StepKind.Backfill)
            {
                if (steps.FirstOrDefault(s => s.Kind.IsDown()) is { } firstDown)
                {
                    throw new InvalidFileException(
                        path, directive.Line, $"backfill step after the down step on line {firstDown.Line}: backfill steps belong to the up direction",
                        "move it above the first -- cutover:down line; to change data during a rollback, write the statement in a down step");
                }
                BackfillStatement.Check(path, directive, statements, dialect);
            }
            else if (statements.Count == 0 && !HasComment(sql, dialect, path, directive.Line + 1))
            {
                var direction = kind.IsDown() ? "down" : "up";
                var hint = kind.IsDown()
                    ? "write the rollback SQL under it, or replace it with -- cutover:irreversible <reason>"
                    : "write the change under it, or remove the directive";
                throw new InvalidFileException(path, directive.Line, $"empty {direction} step", hint);
            }
            RefuseTransactionControl(path, kind, statements, dialect);
            steps.Add(new MigrationStep(kind, directive.Line, sql, statements, directive.Backfill));
        }

        if (irreversible is not null && steps.FirstOrDefault(s => s.Kind.IsDown()) is { } down)
        {
            throw new InvalidFileException(
                path, down.Line, $"down step in a file marked irreversible (line {irreversible.Line})",
                "remove the down step, or the -- cutover:irreversible line if the change can be undone");
        }
        if (!isDownScript && !steps.Any(s => !s.Kind.IsDown()))
        {
            throw new InvalidFileException(path, 1, $"no '-- cutover:up' step", "start the change with a -- cutover:up line");
        }

        return new MigrationFile(id, name, path, checksum, metadata, steps, irreversible?.IrreversibleReason);
    }

    /// <summary>
    /// Whether a step without statements holds a comment: such a step is a deliberate no-op (a migration that has
    /// nothing to do on this engine says so), while a step with nothing under it is a directive left unfinished.
    /// </summary>
    private static bool HasComment(string sql, SqlDialect dialect, string path, int firstLine) =>
        SqlLexer.Tokenize(sql, dialect, path, firstLine).Any(t => t.Kind == SqlTokenKind.Comment);

    /// <summary>
    /// A NUL byte is refused wherever it is: drivers end the SQL text at it (SQLite then waits forever on the
    /// rest, holding the write lock), and no SQL text needs one — a value that does can be built in SQL.
    /// </summary>
    private static void RefuseNul(string path, string text)
    {
        var at = text.IndexOf('\0', StringComparison.Ordinal);
        if (at >= 0)
        {
            var line = 1 + text.AsSpan(0, at).Count('\n');
            throw new InvalidFileException(
                path, line, "NUL byte (\\0) in the file", "remove it (an editor or a tool that wrote UTF-16 may have put it there); save the file as UTF-8 text");
        }
    }

    /// <summary>
    /// BEGIN, COMMIT, ROLLBACK, SAVEPOINT … in any step: Cutover runs a transactional step in its own transaction
    /// together with its history row, and commits each statement of a no-transaction step with its progress.
    /// </summary>
    private static void RefuseTransactionControl(string path, StepKind kind, IReadOnlyList<SqlStatement> statements, SqlDialect dialect)
    {
        foreach (var statement in statements)
        {
            if (TransactionControl.Find(statement.Text, dialect) is { } words)
            {
                var (why, remedy) = kind.IsTransactional()
                    ? ("Cutover runs the step in one transaction and commits it with the migration's history row",
                       $"remove it: the step is already one transaction; put statements that must run outside one in a -- cutover:{(kind.IsDown() ? "down" : "up")} no-transaction step")
                    : ("Cutover commits each statement of a no-transaction step on its own and records progress after it",
                       "remove it: each statement is already committed on its own");
                throw new TransactionControlException(path, statement.Line, $"{words} in a '-- cutover:{kind.Directive()}' step: {why}", remedy);
            }
        }
    }

    /// <summary>Reads <c>-- key: value</c> metadata from the header; anything there that is not a comment is an error.</summary>
    private static List<KeyValuePair<string, string>> ParseHeader(string path, string header, SqlDialect dialect)
    {
        var metadata = new List<KeyValuePair<string, string>>();
        foreach (var token in SqlLexer.Tokenize(header, dialect, path))
        {
            if (token.IsSignificant)
            {
                throw new InvalidFileException(
                    path, token.Line, $"SQL before the first '-- cutover:' directive", "start the step with -- cutover:up");
            }
            if (token.Kind == SqlTokenKind.Comment && MetadataLine().Match(token.Text) is { Success: true } match)
            {
                metadata.Add(new(match.Groups["key"].Value.ToLowerInvariant(), match.Groups["value"].Value.Trim()));
            }
        }
        return metadata;
    }
}
