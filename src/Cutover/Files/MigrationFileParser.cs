using System.Text;
using System.Text.RegularExpressions;
using Cutover.Sql;

namespace Cutover.Files;

/// <summary>
/// Parses migration files (DESIGN.md, "Migration files"): header metadata, then steps introduced by
/// <c>-- cutover:&lt;kind&gt;</c> directive lines. Every error is bad input naming the file and line.
/// </summary>
public static partial class MigrationFileParser
{
    private const string ValidDirectives =
        "valid directives: -- cutover:up, -- cutover:up no-transaction, -- cutover:down, -- cutover:down no-transaction, -- cutover:irreversible <reason>";

    // Directives are recognised per line, before lexing: a directive-looking line inside a dollar-quoted
    // body would still start a step. Migration files have no reason to contain one.
    [GeneratedRegex(@"^\s*--\s*cutover:(?<rest>.*)$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^--\s*(?<key>[A-Za-z][A-Za-z0-9_-]*):\s*(?<value>.*)$")]
    private static partial Regex Metadata();

    /// <summary>Reads and parses one migration file.</summary>
    public static async Task<MigrationFile> ParseFileAsync(string path, SqlDialect dialect, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(path, text, dialect);
    }

    /// <summary>Parses the text of the migration file at <paramref name="path"/> (the path names it in errors).</summary>
    public static MigrationFile Parse(string path, string text, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var fileName = Path.GetFileName(path);
        if (!MigrationFileName.TryParse(fileName, out var id, out var name))
        {
            var suggestion = SuggestName(fileName);
            throw CutoverException.BadInput($"{path}:1: bad migration file name '{fileName}': expected <yyyyMMddHHmmss>_<name>.sql (UTC timestamp, lower-case name)",
                suggestion is null ? "create files with `cutover new <name>`" : $"rename it to {suggestion}, or create files with `cutover new <name>`");
        }
        return ParseBody(path, id, name, text, dialect, requireUp: true);
    }

    /// <summary>
    /// Renders the down steps (or the irreversible directive) back to file text. This is stored in the
    /// history row, so a rollback works even after the file is gone.
    /// </summary>
    public static string DownScript(MigrationFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.IrreversibleReason is not null)
            return $"-- cutover:irreversible {file.IrreversibleReason}\n";
        var script = new StringBuilder();
        foreach (var step in file.Steps.Where(s => s.Kind.IsDown()))
            script.Append("-- cutover:").Append(step.Kind.Directive()).Append('\n').Append(step.Sql).Append('\n');
        return script.ToString();
    }

    /// <summary>Parses down SQL stored by <see cref="DownScript"/>; the result has only down steps.</summary>
    public static MigrationFile ParseDownScript(string id, string name, string downScript, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(downScript);
        return ParseBody($"history:{id}_{name}", id, name, downScript, dialect, requireUp: false);
    }

    private static MigrationFile ParseBody(string path, string id, string name, string text, SqlDialect dialect, bool requireUp)
    {
        var normalized = MigrationChecksum.Normalize(text);
        var lines = normalized.Split('\n');
        var metadata = new List<KeyValuePair<string, string>>();
        var steps = new List<MigrationStep>();
        string? irreversible = null;
        var irreversibleLine = 0;

        var index = 0;
        for (; index < lines.Length && !Directive().IsMatch(lines[index]); index++)
        {
            var line = lines[index].Trim();
            if (line.Length == 0)
                continue;
            if (!line.StartsWith("--", StringComparison.Ordinal))
                throw CutoverException.BadInput($"{path}:{index + 1}: SQL before the first '-- cutover:' directive", "start the step with a `-- cutover:up` line");
            var meta = Metadata().Match(line);
            if (meta.Success)
                metadata.Add(new(meta.Groups["key"].Value.ToLowerInvariant(), meta.Groups["value"].Value.Trim()));
        }

        while (index < lines.Length)
        {
            var directiveLine = index + 1;
            var directive = Directive().Match(lines[index]).Groups["rest"].Value.Trim();
            var bodyStart = ++index;
            while (index < lines.Length && !Directive().IsMatch(lines[index]))
                index++;
            var body = string.Join('\n', lines[bodyStart..index]).TrimEnd();

            var parts = directive.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            var kind = parts.Length > 0 ? parts[0] : "";
            var options = parts.Length > 1 ? parts[1].Trim() : "";
            switch (kind)
            {
                case "irreversible":
                    if (irreversible is not null)
                        throw CutoverException.BadInput($"{path}:{directiveLine}: a second '-- cutover:irreversible' (the first is on line {irreversibleLine})", "keep one");
                    if (options.Length == 0)
                        throw CutoverException.BadInput($"{path}:{directiveLine}: '-- cutover:irreversible' needs a reason", "say why, e.g. `-- cutover:irreversible the old column's data is dropped`");
                    if (SqlSplitter.Split(body, dialect, path, directiveLine + 1).Count > 0)
                        throw CutoverException.BadInput($"{path}:{directiveLine + 1}: SQL after '-- cutover:irreversible'", "put SQL in an up step; irreversible has no statements");
                    irreversible = options;
                    irreversibleLine = directiveLine;
                    continue;
                case "backfill":
                    throw CutoverException.BadInput($"{path}:{directiveLine}: backfill steps are not supported yet", "run the data change in an up step for now");
            }

            var stepKind = (kind, options) switch
            {
                ("up", "") => StepKind.Up,
                ("up", "no-transaction") => StepKind.UpNoTransaction,
                ("down", "") => StepKind.Down,
                ("down", "no-transaction") => StepKind.DownNoTransaction,
                _ => throw CutoverException.BadInput($"{path}:{directiveLine}: unknown directive '-- cutover:{directive}'", ValidDirectives),
            };
            var statements = SqlSplitter.Split(body, dialect, path, directiveLine + 1);
            if (statements.Count == 0)
                throw CutoverException.BadInput($"{path}:{directiveLine}: empty {stepKind.Directive()} step", "write its SQL, or remove the directive");
            steps.Add(new MigrationStep(stepKind, directiveLine, body, statements));
        }

        if (requireUp && !steps.Any(s => !s.Kind.IsDown()))
            throw CutoverException.BadInput($"{path}:1: no '-- cutover:up' step", "add a `-- cutover:up` line followed by the migration's SQL");
        var down = steps.FirstOrDefault(s => s.Kind.IsDown());
        if (irreversible is not null && down is not null)
            throw CutoverException.BadInput($"{path}:{down.Line}: down step in a file marked irreversible (line {irreversibleLine})", "remove the down step, or the irreversible directive");

        return new MigrationFile(id, name, path, MigrationChecksum.Compute(text), metadata, steps, irreversible);
    }

    private static string? SuggestName(string fileName)
    {
        var match = Regex.Match(fileName, @"^(\d{14})[_-]?(.+?)(\.sql)?$");
        if (!match.Success || !MigrationFileName.IsTimestamp(match.Groups[1].Value))
            return null;
        var slug = MigrationFileName.ToSlug(match.Groups[2].Value);
        return slug.Length == 0 ? null : $"{match.Groups[1].Value}_{slug}.sql";
    }
}
