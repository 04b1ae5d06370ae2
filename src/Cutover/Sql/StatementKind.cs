namespace Cutover.Sql;

/// <summary>The statement forms <see cref="StatementShape"/> takes apart; everything else is <see cref="Other"/>.</summary>
internal enum StatementKind
{
    Other,
    CreateTable,
    CreateIndex,
    AlterTable,
    Drop,
    Insert,
    Update,
    Delete,
}
