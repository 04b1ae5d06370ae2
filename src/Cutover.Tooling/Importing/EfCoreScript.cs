using System.Text.RegularExpressions;
using Cutover.Sql;

namespace Cutover.Importing;

/// <summary>
/// Cuts a script of <c>dotnet ef migrations script</c> into the SQL of each migration, leaving out what Cutover does
/// itself: EF Core's history table (its creation and the row each migration inserts or deletes), the transactions EF
/// Core 9+ wraps each migration in (Cutover runs each step in its own), and on SQLite the <c>PRAGMA foreign_keys</c>
/// around a table rebuild (Cutover turns foreign keys off around each step and checks them before commit).
/// </summary>
/// <remarks>
/// The script is split into statements by Cutover's own splitter, so a <c>;</c> inside a string, a quoted name or a
/// function body is not taken for EF Core's separator. Each migration ends at the statement that writes its history
/// row: every statement since the previous such row is its SQL.
/// </remarks>
internal static partial class EfCoreScript
{
    /// <summary>EF Core's history table, unless the DbContext renamed it (MigrationsHistoryTable).</summary>
    public const string DefaultHistoryTable = "\"__EFMigrationsHistory\"";

    /// <summary>The SQL of each of <paramref name="ids"/> in <paramref name="script"/>, in the order they appear there.</summary>
    /// <param name="script">A script that runs exactly <paramref name="ids"/>, in that order (up or down).</param>
    /// <param name="ids">EF Core's ids of the migrations it runs, in the order it runs them.</param>
    /// <param name="dialect">The SQL the project's EF Core provider writes.</param>
    /// <exception cref="InvalidToolInputException">A migration's history row is missing, or SQL follows the last one.</exception>
    public static IReadOnlyList<string> SplitByMigration(string script, IReadOnlyList<string> ids, SqlDialect dialect)
    {
        var statements = SqlSplitter.Split(script.ReplaceLineEndings("\n"), dialect, "dotnet ef migrations script");
        var history = HistoryTable(statements);
        var result = new List<string>();
        var current = new List<string>();
        foreach (var statement in statements)
        {
            if (IsHistoryRow(statement.Text, history))
            {
                if (result.Count == ids.Count || !statement.Text.Contains($"'{ids[result.Count]}'", StringComparison.Ordinal))
                    throw new InvalidToolInputException($"dotnet ef migrations script: a history row that is not migration {(result.Count < ids.Count ? ids[result.Count] : "(none left)")}'s, at line {statement.Line}: {FirstLine(statement.Text)}",
                        "import with the dotnet-ef version that matches the project's EF Core");
                result.Add(string.Join("\n\n", current.Select(s => s + ";")));
                current.Clear();
            }
            else if (!IsOwnedByCutover(statement.Text, history))
            {
                current.Add(statement.Text);
            }
        }
        if (result.Count != ids.Count)
            throw new InvalidToolInputException($"dotnet ef migrations script: no history row of migration {ids[result.Count]}, so its SQL cannot be told from the next one's",
                "import with the dotnet-ef version that matches the project's EF Core");
        if (current.Count > 0)
            throw new InvalidToolInputException($"dotnet ef migrations script: SQL after the last migration's history row: {FirstLine(current[0])}",
                "import with the dotnet-ef version that matches the project's EF Core");
        return result;
    }

    /// <summary>The history table's name as the script writes it: from its CREATE TABLE, else EF Core's default.</summary>
    private static string HistoryTable(IReadOnlyList<SqlStatement> statements) =>
        statements.Select(s => HistoryCreate().Match(s.Text)).FirstOrDefault(m => m.Success)?.Groups["table"].Value ?? DefaultHistoryTable;

    private static bool IsHistoryRow(string statement, string history) =>
        StartsWith(statement, "INSERT INTO " + history) || StartsWith(statement, "DELETE FROM " + history);

    private static bool IsOwnedByCutover(string statement, string history) =>
        HistoryCreate().Match(statement) is { Success: true } create && create.Groups["table"].Value == history
        || TransactionControl().IsMatch(statement)
        || ForeignKeysPragma().IsMatch(statement);

    private static bool StartsWith(string statement, string prefix) =>
        Whitespace().Replace(statement, " ").StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    [GeneratedRegex("""^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?<table>[^\s(]+)\s*\(\s*"MigrationId""", RegexOptions.IgnoreCase)]
    private static partial Regex HistoryCreate();

    [GeneratedRegex(@"^(BEGIN(\s+(TRANSACTION|WORK|DEFERRED|IMMEDIATE|EXCLUSIVE)(\s+TRANSACTION)?)?|START\s+TRANSACTION|COMMIT(\s+(TRANSACTION|WORK))?|END(\s+TRANSACTION)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex TransactionControl();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^PRAGMA\s+foreign_keys\s*=\s*\w+$", RegexOptions.IgnoreCase)]
    private static partial Regex ForeignKeysPragma();
}
