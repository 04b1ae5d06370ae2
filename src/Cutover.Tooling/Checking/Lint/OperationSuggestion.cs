using Cutover.Operations;
using Cutover.Sql;

namespace Cutover.Checking.Lint;

/// <summary>
/// The declared operation that does safely what a hand-written statement does unsafely on a live table, as the words a
/// finding ends with: the directive to write instead and what it buys. The directive is built from the operation
/// record and read back by the parser, so a suggestion is always one `cutover up` accepts.
/// </summary>
public static class OperationSuggestion
{
    /// <summary>
    /// <paramref name="message"/> followed by <c>; declare it as `-- cutover:op rename-column users.name to full_name` to
    /// keep the old version working</c>; the message alone when the directive would not parse (a name that needs quotes).
    /// </summary>
    public static string With(string message, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            OperationLine.Parse("", 0, operation.Text);
        }
        catch (InvalidFileException)
        {
            return message;
        }
        var purpose = operation switch
        {
            SetNotNull { Up: null } => "to require it without a long lock (add up \"<value for NULLs>\" to fill the NULLs it finds)",
            SetNotNull => "to require it without a long lock",
            DropColumn => "to hide it from the new version now and drop it, archived, at `cutover complete`",
            _ => "to keep the old version working",
        };
        return $"{message}; declare it as `-- cutover:op {operation.Text}` {purpose}";
    }

    /// <summary>
    /// <paramref name="message"/> with the rename-column operation for the <c>RENAME [COLUMN] a TO b</c> action of
    /// <paramref name="statement"/> that starts at <paramref name="start"/>.
    /// </summary>
    public static string WithRename(string message, LintStatement statement, TableName table, int start)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var i = start + 1;
        if (statement[i] == "COLUMN")
            i++;
        var column = statement.ReadName(ref i);
        return statement[i] == "TO" ? With(message, new RenameColumn(0, table, column, statement.NameAt(i + 1))) : message;
    }
}
