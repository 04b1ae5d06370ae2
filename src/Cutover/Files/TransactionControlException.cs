namespace Cutover.Files;

/// <summary>
/// A step holds a statement that begins, ends or marks a transaction (see <see cref="Sql.TransactionControl"/>).
/// Bad input like any malformed file; its own type so that the pre-merge lint (Cutover.Tooling) can report it under its own rule.
/// </summary>
internal sealed class TransactionControlException(string path, int line, string problem, string remedy)
    : InvalidFileException(path, line, problem, remedy);
