namespace Cutover.Tests.Operations;

/// <summary>
/// One declared operation on the test table <c>people</c> (id, name, given, family, score, email, legacy) and what the
/// tests need to drive and check it: the directive, how the new version writes, and pairs of select lists that must
/// agree row by row — one over the old shape, one over the new — written with the migration's own up and down expressions.
/// </summary>
/// <param name="Kind">The operation kind.</param>
/// <param name="Op">The directive after <c>-- cutover:op</c>.</param>
/// <param name="NewInsert">An INSERT in the new version's shape for the given id.</param>
/// <param name="NewUpdate">An UPDATE in the new version's shape of the row with the given id, to values made from the second number.</param>
/// <param name="Pairs">Select lists over the old shape and over the new one that hold the same values for every row.</param>
/// <param name="FinalColumns">The table's columns after complete.</param>
/// <param name="NotNull">Columns NOT NULL after complete (PostgreSQL).</param>
/// <param name="Dropped">Columns complete drops, whose values the archive keeps.</param>
internal sealed record OperationCase(
    string Kind,
    string Op,
    Func<int, string> NewInsert,
    Func<int, int, string> NewUpdate,
    IReadOnlyList<(string Old, string New)> Pairs,
    IReadOnlyList<string> FinalColumns,
    IReadOnlyList<string> NotNull,
    IReadOnlyList<string> Dropped)
{
    public override string ToString() => Kind;
}

/// <summary>The test table and the operations on it, in each engine's SQL where the expressions differ.</summary>
internal static class OperationCases
{
    public const int SeedRows = 1000;

    public static readonly string[] OldColumns = ["id", "name", "given", "family", "score", "email", "legacy"];

    /// <summary>
    /// The table as the old version knows it. On PostgreSQL score is NOT NULL, to exercise what alter-column does with a
    /// required column; on SQLite it is nullable (making a column NOT NULL needs a table rebuild there).
    /// </summary>
    public static string Table(bool postgres) => $"""
        CREATE TABLE people (id integer PRIMARY KEY, name text, given text, family text, score integer{(postgres ? " NOT NULL" : "")}, email text, legacy text);
        INSERT INTO people (id, name, given, family, score, email, legacy)
        SELECT i, 'F' || i || ' L' || i, 'A' || i, 'B' || i, i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'e' || i || '@x' END, 'x' || i
        FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {SeedRows}) SELECT i FROM s) AS s;
        """;

    public static string Email(int v) => v % 3 == 0 ? "NULL" : $"'e{v}@x'";

    /// <summary>What the old version writes: every column of the table as it was.</summary>
    public static string OldInsert(int id) =>
        $"INSERT INTO people (id, name, given, family, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, {Email(id)}, 'x{id}')";

    public static string OldUpdate(int id, int v) =>
        $"UPDATE people SET name = 'F{v} L{v}', given = 'A{v}', family = 'B{v}', score = {v}, email = {Email(v)}, legacy = 'x{v}' WHERE id = {id}";

    public static IReadOnlyList<OperationCase> All(bool postgres)
    {
        // The expressions that split "F1 L1" at its space.
        var (nameFirst, nameLast) = postgres
            ? ("split_part(name, ' ', 1)", "split_part(name, ' ', 2)")
            : ("substr(name, 1, instr(name, ' ') - 1)", "substr(name, instr(name, ' ') + 1)");
        var (displayGiven, displayFamily) = postgres
            ? ("split_part(display, ' ', 1)", "split_part(display, ' ', 2)")
            : ("substr(display, 1, instr(display, ' ') - 1)", "substr(display, instr(display, ' ') + 1)");
        return
        [
            new("add-column",
                $"add-column people.name_len integer{(postgres ? " not null" : "")} up \"length(name)\"",
                // Half the new version's rows give the value, half leave it to the trigger.
                id => id % 2 == 0
                    ? $"INSERT INTO people (id, name, given, family, score, email, legacy, name_len) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, {Email(id)}, 'x{id}', {$"F{id} L{id}".Length})"
                    : $"INSERT INTO people (id, name, given, family, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, {Email(id)}, 'x{id}')",
                (id, v) => $"UPDATE people SET name = 'F{v} L{v}', name_len = {$"F{v} L{v}".Length}, score = {v} WHERE id = {id}",
                // The new column is the new version's own data once written; what the old shape promises is that no row lacks it.
                [("name, given, family, score, email, legacy", "name, given, family, score, email, legacy"),
                 ("CASE WHEN length(name) IS NULL THEN 1 ELSE 0 END", "CASE WHEN name_len IS NULL THEN 1 ELSE 0 END")],
                [.. OldColumns, "name_len"], postgres ? ["name_len"] : [], []),
            new("rename-column",
                "rename-column people.name to full_name",
                id => $"INSERT INTO people (id, full_name, given, family, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, {Email(id)}, 'x{id}')",
                (id, v) => $"UPDATE people SET full_name = 'F{v} L{v}', score = {v} WHERE id = {id}",
                [("name, given, family, score, email, legacy", "full_name, given, family, score, email, legacy")],
                ["id", "full_name", "given", "family", "score", "email", "legacy"], [], []),
            new("alter-column",
                "alter-column people.score type text up \"CAST(score AS text)\" down \"CAST(score AS integer)\"",
                id => $"INSERT INTO people (id, name, given, family, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', '{id}', {Email(id)}, 'x{id}')",
                (id, v) => $"UPDATE people SET score = '{v}', name = 'F{v} L{v}' WHERE id = {id}",
                [("CAST(score AS text)", "score"), ("score", "CAST(score AS integer)"), ("name, given, family, email, legacy", "name, given, family, email, legacy")],
                OldColumns, postgres ? ["score"] : [], ["score"]),
            new("split-column",
                $"split-column people.name into (first_name text up \"{nameFirst}\", last_name text up \"{nameLast}\") down \"first_name || ' ' || last_name\"",
                id => $"INSERT INTO people (id, first_name, last_name, given, family, score, email, legacy) VALUES ({id}, 'F{id}', 'L{id}', 'A{id}', 'B{id}', {id}, {Email(id)}, 'x{id}')",
                (id, v) => $"UPDATE people SET first_name = 'F{v}', last_name = 'L{v}', score = {v} WHERE id = {id}",
                [($"{nameFirst}, {nameLast}", "first_name, last_name"), ("name", "first_name || ' ' || last_name"),
                 ("given, family, score, email, legacy", "given, family, score, email, legacy")],
                ["id", "given", "family", "score", "email", "legacy", "first_name", "last_name"], [], ["name"]),
            new("merge-columns",
                $"merge-columns people (given, family) into display text up \"given || ' ' || family\" down (given \"{displayGiven}\", family \"{displayFamily}\")",
                id => $"INSERT INTO people (id, name, display, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id} B{id}', {id}, {Email(id)}, 'x{id}')",
                (id, v) => $"UPDATE people SET display = 'A{v} B{v}', score = {v} WHERE id = {id}",
                [("given || ' ' || family", "display"), ("given, family", $"{displayGiven}, {displayFamily}"),
                 ("name, score, email, legacy", "name, score, email, legacy")],
                ["id", "name", "score", "email", "legacy", "display"], [], ["given", "family"]),
            new("set-not-null",
                "set-not-null people.email up \"'none@x'\"",
                // The new version knows the column is required.
                id => $"INSERT INTO people (id, name, given, family, score, email, legacy) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, 'e{id}@x', 'x{id}')",
                (id, v) => $"UPDATE people SET email = 'e{v}@x', score = {v} WHERE id = {id}",
                [("name, given, family, score, email, legacy", "name, given, family, score, email, legacy"),
                 ("0", "CASE WHEN email IS NULL THEN 1 ELSE 0 END")],
                OldColumns, ["email"], []),
            new("drop-column",
                "drop-column people.legacy",
                id => $"INSERT INTO people (id, name, given, family, score, email) VALUES ({id}, 'F{id} L{id}', 'A{id}', 'B{id}', {id}, {Email(id)})",
                (id, v) => $"UPDATE people SET name = 'F{v} L{v}', score = {v} WHERE id = {id}",
                [("name, given, family, score, email", "name, given, family, score, email")],
                ["id", "name", "given", "family", "score", "email"], [], ["legacy"]),
        ];
    }
}
