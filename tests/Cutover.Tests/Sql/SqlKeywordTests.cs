using Cutover.Sql;

namespace Cutover.Tests.Sql;

public sealed class SqlKeywordTests
{
    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY i ON t (x)", true)]
    [InlineData("create index concurrently i on t (x)", true)]
    [InlineData("CREATE INDEX i ON t (x) -- not CONCURRENTLY", false)]
    [InlineData("CREATE INDEX i ON t (x) /* CONCURRENTLY */", false)]
    [InlineData("SELECT 'CONCURRENTLY'", false)]
    [InlineData("SELECT \"concurrently\" FROM t", false)]
    [InlineData("SELECT $$CONCURRENTLY$$", false)]
    [InlineData("SELECT concurrently_x FROM t", false)]
    public void ContainsKeyword_matches_only_bare_words(string sql, bool expected)
    {
        Assert.Equal(expected, SqlSplitter.ContainsKeyword(sql, SqlDialect.Postgres, "CONCURRENTLY"));
        Assert.Equal(expected, new SqlStatement(sql, 1).ContainsKeyword(SqlDialect.Postgres, "concurrently"));
    }

    [Fact]
    public void LeadingKeywords_skips_comments_and_non_words()
    {
        var sql = "-- add it\n/* now */ alter table \"Users\" add column role text";
        Assert.Equal(["ALTER", "TABLE", "ADD"], SqlSplitter.LeadingKeywords(sql, SqlDialect.Sqlite, 3));
        Assert.Equal(["ALTER", "TABLE", "ADD", "COLUMN", "ROLE", "TEXT"], new SqlStatement(sql, 1).Keywords(SqlDialect.Sqlite, 10));
        Assert.Empty(SqlSplitter.LeadingKeywords("-- nothing", SqlDialect.Sqlite, 2));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("  -- a\n/* b */\n", true)]
    [InlineData("-- a\nSELECT 1", false)]
    [InlineData(";", false)]
    public void IsOnlyComments(string sql, bool expected)
    {
        Assert.Equal(expected, SqlSplitter.IsOnlyComments(sql, SqlDialect.Postgres));
    }
}
