namespace Cutover.Sql;

/// <summary>The SQL dialects whose lexical rules the splitter knows.</summary>
public enum SqlDialect
{
    /// <summary>SQLite: '' strings, "" [] `` identifiers, nested-free block comments, trigger bodies.</summary>
    Sqlite,
    /// <summary>PostgreSQL: E'' strings, $tag$ dollar quotes, nested block comments.</summary>
    Postgres,
}
