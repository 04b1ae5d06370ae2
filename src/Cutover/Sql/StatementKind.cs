namespace Cutover.Sql;

/// <summary>The statement forms <see cref="StatementShape"/> takes apart; everything else is <see cref="Other"/>.</summary>
public enum StatementKind
{
    /// <summary>Any other statement.</summary>
    Other,
    /// <summary>CREATE TABLE.</summary>
    CreateTable,
    /// <summary>CREATE [UNIQUE] INDEX.</summary>
    CreateIndex,
    /// <summary>ALTER TABLE.</summary>
    AlterTable,
    /// <summary>DROP of any object.</summary>
    Drop,
    /// <summary>INSERT.</summary>
    Insert,
    /// <summary>UPDATE.</summary>
    Update,
    /// <summary>DELETE.</summary>
    Delete,
}
