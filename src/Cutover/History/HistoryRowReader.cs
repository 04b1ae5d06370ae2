using System.Data.Common;
using System.Globalization;

namespace Cutover.History;

/// <summary>
/// Reads one <c>cutover_history</c> row and refuses values Cutover never writes: text where a number belongs (SQLite
/// stores it), a timestamp that is not one, a negative count, an unknown state. Such a row was edited by hand, and
/// trusting it would run the wrong steps or count a migration as applied; the error names the row and the column.
/// </summary>
internal sealed class HistoryRowReader(DbDataReader reader)
{
    private static readonly HashSet<string> States =
        [HistoryStates.Applied, HistoryStates.Running, HistoryStates.Failed, HistoryStates.Baseline, HistoryStates.Backfilling];

    private static readonly HashSet<string> Operations = [HistoryStates.Up, HistoryStates.Down, HistoryStates.Complete];

    private string _id = "";

    /// <summary>The row under the reader, in the column order of <see cref="HistoryTable"/>'s SELECT.</summary>
    public HistoryRecord Read()
    {
        _id = Text(0, "id");
        if (_id.Length != 14 || !_id.All(char.IsAsciiDigit))
            throw Unreadable("id", _id, "is not a migration id (14 digits)");
        return new HistoryRecord(
            _id, Text(1, "name"), Text(2, "checksum"), reader.IsDBNull(3) ? null : Text(3, "down_script"),
            OneOf(4, "state", States), OneOf(5, "operation", Operations),
            (int)Count(6, "steps_done", int.MaxValue), (int)Count(7, "statements_done", int.MaxValue),
            reader.IsDBNull(8) ? null : Text(8, "error"), Timestamp(9, "applied_at"), Text(10, "applied_by"), Text(11, "host"),
            Count(12, "duration_ms", long.MaxValue), Text(13, "tool_version"));
    }

    private string Text(int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
            throw Unreadable(column, null, "is NULL");
        try
        {
            return reader.GetString(ordinal);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException)
        {
            throw Unreadable(column, Shown(ordinal), "is not text");
        }
    }

    private string OneOf(int ordinal, string column, HashSet<string> allowed)
    {
        var value = Text(ordinal, column);
        return allowed.Contains(value)
            ? value
            : throw Unreadable(column, value, $"is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>A count or a duration: a whole number from 0 to <paramref name="max"/>.</summary>
    private long Count(int ordinal, string column, long max)
    {
        var value = reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        long number = value switch
        {
            long l => l,
            int i => i,
            short s => s,
            byte b => b,
            _ => throw Unreadable(column, value is null ? null : Shown(ordinal), value is null ? "is NULL" : "is not a whole number"),
        };
        if (number < 0)
            throw Unreadable(column, Shown(ordinal), "is negative");
        return number <= max ? number : throw Unreadable(column, Shown(ordinal), "is too large");
    }

    private DateTime Timestamp(int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
            throw Unreadable(column, null, "is NULL");
        DateTime value;
        try
        {
            value = DbCommands.UtcDateTime(reader, ordinal);
        }
        // SQLite parses its text when asked; PostgreSQL's infinity has no DateTime.
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentOutOfRangeException)
        {
            throw Unreadable(column, Shown(ordinal), "is not a timestamp");
        }
        // PostgreSQL's -infinity and infinity arrive as the ends of DateTime's range: no migration ran then.
        return value != DateTime.MinValue && value != DateTime.MaxValue
            ? value
            : throw Unreadable(column, Shown(ordinal), "is not a point in time");
    }

    /// <summary>The stored value as text for the message, cut short: it may be anything someone typed.</summary>
    private string Shown(int ordinal)
    {
        string text;
        try
        {
            text = Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) ?? "";
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            // PostgreSQL's infinity cannot even be read as a value.
            text = "(unreadable)";
        }
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    private MigrationStateException Unreadable(string column, string? value, string problem) => new(
        _id, MigrationConflict.HistoryUnreadable,
        $"{HistorySchema.HistoryTable} row {(_id.Length == 0 ? "(no id)" : _id)}: {column}{(value is null ? "" : $" '{value}'")} {problem}",
        "the row was changed outside Cutover: correct that column (or delete the row if the migration never ran) before anything else runs");
}
