namespace Cutover.Rehearsal.Audit;

/// <summary>How an INSERT resolves a violation instead of failing, which turns rejected rows into lost ones.</summary>
internal enum InsertConflict
{
    /// <summary>A violation fails the statement.</summary>
    None,
    /// <summary>SQLite INSERT OR IGNORE: rows that break NOT NULL, CHECK or UNIQUE are skipped.</summary>
    Ignore,
    /// <summary>SQLite INSERT OR REPLACE / REPLACE INTO: a duplicate replaces the earlier row; a NULL takes the column's default.</summary>
    Replace,
    /// <summary>ON CONFLICT …: duplicates are skipped or merged.</summary>
    OnConflict,
}
