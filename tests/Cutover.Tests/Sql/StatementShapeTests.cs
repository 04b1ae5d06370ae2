using Cutover.Sql;

namespace Cutover.Tests.Sql;

/// <summary>The one statement-shape parser that lint, the audit, backfill and the SQLite provider read statements with.</summary>
public sealed class StatementShapeTests
{
    private static StatementShape Parse(string sql, SqlDialect dialect = SqlDialect.Postgres) => StatementShape.Parse(sql, dialect);

    private static string Text(IReadOnlyList<SqlToken>? tokens) => string.Join(' ', tokens!.Select(t => t.Text));

    [Fact]
    public void A_schema_qualified_quoted_table_name_keeps_both_parts_folded()
    {
        var shape = Parse("CREATE TABLE IF NOT EXISTS App.\"Users\" (id bigint)");

        Assert.Equal(StatementKind.CreateTable, shape.Kind);
        Assert.Equal(new TableName("app", "Users"), shape.Table);
        Assert.True(shape.IfNotExists);
        Assert.Equal("id", Assert.Single(shape.Columns).Name);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "\"Order Id\"", "Order Id", "Order Id")]
    [InlineData(SqlDialect.Postgres, "\"a\"\"b\"", "a\"b", "a\"b")]
    [InlineData(SqlDialect.Postgres, "OrderId", "OrderId", "orderid")]
    [InlineData(SqlDialect.Sqlite, "[Order Id]", "Order Id", "Order Id")]
    [InlineData(SqlDialect.Sqlite, "`Order`", "Order", "Order")]
    [InlineData(SqlDialect.Sqlite, "'Order'", "Order", "'order'")]
    public void A_column_name_comes_as_written_without_quotes_and_folded_as_the_engine_compares_it(SqlDialect dialect, string written, string name, string folded)
    {
        var column = Assert.Single(Parse($"CREATE TABLE t ({written} integer NOT NULL)", dialect).Columns);

        Assert.Equal(name, column.Name);
        Assert.Equal(folded, column.FoldedName);
        Assert.Equal("integer", column.Type);
        Assert.True(column.ExplicitNotNull);
    }

    [Theory]
    [InlineData("price numeric(12, 2) NOT NULL DEFAULT 0 CHECK (price >= 0) UNIQUE REFERENCES prices (amount)")]
    [InlineData("price numeric( 12,2 ) REFERENCES prices (amount) UNIQUE CHECK (price >= 0) DEFAULT 0 NOT NULL")]
    [InlineData("price NUMERIC(12 , 2) UNIQUE DEFAULT 0 REFERENCES prices (amount) NOT NULL CHECK (price >= 0)")]
    public void Column_constraints_are_read_in_any_order(string definition)
    {
        var column = Assert.Single(Parse($"CREATE TABLE t ({definition})").Columns);

        Assert.Equal("numeric(12,2)", column.Type);
        Assert.True(column.ExplicitNotNull);
        Assert.Equal("0", column.Default);
        Assert.True(column.DefaultIsConstant);
        Assert.Equal("price >= 0", Assert.Single(column.Checks).ExpressionSource);
        Assert.True(column.Unique);
        Assert.False(column.PrimaryKey);
        Assert.Equal("prices (amount)", column.Reference!.ToString());
        Assert.Equal([ConstraintKind.Check, ConstraintKind.Unique, ConstraintKind.ForeignKey], column.Constraints.Select(c => c.Kind).Order());
    }

    [Fact]
    public void Nested_parentheses_in_check_and_default_stay_inside_their_clause()
    {
        var column = Assert.Single(Parse(
            "CREATE TABLE t (v int DEFAULT (coalesce(f((1)), CAST(2 AS int))) CHECK ((v > 0) AND (v IN (1, 2, (3)))) NOT NULL, w int)").Columns.Take(1));

        Assert.Equal("(coalesce(f((1)), CAST(2 AS int)))", column.Default);
        Assert.False(column.DefaultIsConstant);
        Assert.Equal("coalesce", column.DefaultFunction);
        Assert.Equal("(v > 0) AND (v IN (1, 2, (3)))", Assert.Single(column.Checks).ExpressionSource);
        Assert.True(column.ExplicitNotNull);
        Assert.Equal(["v", "w"], Parse("CREATE TABLE t (v int DEFAULT (f(1, 2)) CHECK (v IN (1, 2)), w int)").Columns.Select(c => c.Name));
    }

    [Fact]
    public void Comments_between_tokens_are_not_read()
    {
        var shape = Parse("""
            CREATE /* a */ TABLE -- b
              t ( -- the key, NOT NULL
                id bigint /* PRIMARY KEY */ NOT -- c
                NULL, note text -- UNIQUE
            )
            """);

        var id = shape.Columns[0];
        Assert.Equal(["id", "note"], shape.Columns.Select(c => c.Name));
        Assert.True(id.ExplicitNotNull);
        Assert.False(id.PrimaryKey);
        Assert.False(shape.Columns[1].Unique);
        Assert.Equal(3, id.Line);
    }

    [Fact]
    public void Table_constraints_are_told_from_columns_and_read()
    {
        var shape = Parse("""
            CREATE TABLE t (
              a int, b int, c text,
              CONSTRAINT t_pk PRIMARY KEY (a, b),
              UNIQUE NULLS NOT DISTINCT (c),
              FOREIGN KEY (b) REFERENCES s.other ("Id") MATCH FULL ON DELETE SET DEFAULT,
              CONSTRAINT positive CHECK (a > (0)) NOT VALID,
              EXCLUDE USING gist (c WITH =)
            )
            """);

        Assert.Equal(["a", "b", "c"], shape.Columns.Select(c => c.Name));
        Assert.Equal([ConstraintKind.PrimaryKey, ConstraintKind.Unique, ConstraintKind.ForeignKey, ConstraintKind.Check, ConstraintKind.Other],
            shape.Constraints.Select(c => c.Kind));
        var (pk, unique, fk, check, exclude) = (shape.Constraints[0], shape.Constraints[1], shape.Constraints[2], shape.Constraints[3], shape.Constraints[4]);
        Assert.Equal("t_pk", pk.Name);
        Assert.Equal(["a", "b"], pk.Columns);
        Assert.True(unique.NullsNotDistinct);
        Assert.Equal(["c"], unique.Columns);
        Assert.Equal("s.other (Id)", fk.Reference!.ToString());
        Assert.True(fk.Reference.MatchFull);
        Assert.Equal("positive", check.Name);
        Assert.True(check.NotValid);
        Assert.Equal("a > ( 0 )", Text(check.Expression));
        Assert.Equal("EXCLUDE USING gist (c WITH =)", exclude.Text);
    }

    [Fact]
    public void Identity_and_referential_actions_are_not_defaults()
    {
        var columns = Parse("""
            CREATE TABLE t (
              id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
              owner bigint REFERENCES users ON DELETE SET DEFAULT NOT NULL,
              total int GENERATED ALWAYS AS (id * 2) STORED
            )
            """).Columns;

        Assert.Null(columns[0].Default);
        Assert.True(columns[0].Identity);
        Assert.True(columns[0].GeneratesValue);
        Assert.True(columns[0].PrimaryKey);
        Assert.Null(columns[1].Default);
        Assert.True(columns[1].ExplicitNotNull);
        Assert.Equal("users", columns[1].Reference!.ToString());
        Assert.Equal("id * 2", Text(columns[2].Generated));
        Assert.True(columns[2].GeneratedStored);
    }

    [Fact]
    public void A_sqlite_table_gives_collations_generated_columns_and_named_constraints()
    {
        var shape = Parse("""
            CREATE TABLE "t" (
              [id] INTEGER CONSTRAINT pk PRIMARY KEY AUTOINCREMENT,
              name TEXT COLLATE NOCASE CONSTRAINT name_set CHECK (length(name) > 0),
              upper TEXT AS (upper(name)),
              exclude INT,
              CONSTRAINT one_name UNIQUE ("name", upper)
            ) WITHOUT ROWID
            """, SqlDialect.Sqlite);

        Assert.Equal(["id", "name", "upper", "exclude"], shape.Columns.Select(c => c.Name));
        Assert.True(shape.WithoutRowid);
        Assert.Equal("pk", Assert.Single(shape.Columns[0].Constraints).Name);
        Assert.True(shape.Columns[0].Identity);
        Assert.Equal("NOCASE", shape.Columns[1].Collation);
        var check = Assert.Single(shape.Columns[1].Constraints);
        Assert.Equal(("name_set", "length ( name ) > 0"), (check.Name, Text(check.Expression)));
        Assert.Equal("upper ( name )", Text(shape.Columns[2].Generated));
        Assert.False(shape.Columns[2].GeneratedStored);
        var unique = Assert.Single(shape.Constraints);
        Assert.Equal(("one_name", ConstraintKind.Unique), (unique.Name, unique.Kind));
        Assert.Equal(["name", "upper"], unique.Columns);
    }

    [Theory]
    [InlineData("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Ix\" ON ONLY app.t USING btree (lower(a), \"B\" DESC) WHERE a IS NOT NULL", SqlDialect.Postgres)]
    [InlineData("create unique index if not exists [Ix] on t (lower(a), \"B\" desc) where a is not null", SqlDialect.Sqlite)]
    public void An_index_gives_its_name_table_keys_and_predicate(string sql, SqlDialect dialect)
    {
        var shape = Parse(sql, dialect);

        Assert.Equal(StatementKind.CreateIndex, shape.Kind);
        Assert.Equal("Ix", shape.IndexName);
        Assert.Equal("t", shape.Table!.Name);
        Assert.True(shape.Unique);
        Assert.True(shape.IfNotExists);
        Assert.Equal(dialect == SqlDialect.Postgres, shape.Concurrently);
        Assert.Equal(["lower ( a )", "\"B\" DESC"], shape.IndexKeys.Select(Text), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("a IS NOT NULL", Text(shape.IndexPredicate), StringComparer.OrdinalIgnoreCase);
        Assert.Null(Parse("CREATE INDEX ON t (a)").IndexPredicate);
    }

    [Fact]
    public void Alter_table_reads_each_action_and_the_columns_and_constraints_it_adds()
    {
        var shape = Parse("ALTER TABLE IF EXISTS ONLY app.t ADD COLUMN IF NOT EXISTS \"Total\" numeric(12,2) DEFAULT 0, ADD CONSTRAINT c CHECK (x > 0) NOT VALID, DROP COLUMN y, ADD z text");

        Assert.Equal(new TableName("app", "t"), shape.Table);
        Assert.Equal(4, shape.Actions.Count);
        Assert.Equal(("Total", "numeric(12,2)", "0"), (shape.Actions[0].AddedColumn!.Name, shape.Actions[0].AddedColumn!.Type, shape.Actions[0].AddedColumn!.Default));
        Assert.Equal(("c", true), (shape.Actions[1].AddedConstraint!.FoldedName, shape.Actions[1].AddedConstraint!.NotValid));
        Assert.Null(shape.Actions[2].AddedColumn);
        Assert.Null(shape.Actions[2].AddedConstraint);
        Assert.Equal("z", shape.Actions[3].AddedColumn!.Name);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "EXCLUDE", false)]
    [InlineData(SqlDialect.Sqlite, "EXCLUDE", true)]
    [InlineData(SqlDialect.Sqlite, "CONSTRAINT", false)]
    public void Whether_add_adds_a_column_or_a_constraint_follows_the_dialect(SqlDialect dialect, string word, bool column)
    {
        var action = Assert.Single(Parse($"ALTER TABLE t ADD {word} x int", dialect).Actions);

        Assert.Equal(column, action.AddedColumn is not null);
        Assert.Equal(column, action.AddedConstraint is null);
    }

    [Theory]
    [InlineData("DROP TABLE IF EXISTS a, s.b CASCADE", new[] { "a", "b" })]
    [InlineData("DROP INDEX CONCURRENTLY \"Ix\"", new[] { "Ix" })]
    [InlineData("DROP MATERIALIZED VIEW v", new[] { "v" })]
    public void Drop_gives_the_names_it_removes(string sql, string[] names) => Assert.Equal(names, Parse(sql).Dropped);

    [Theory]
    [InlineData("UPDATE t SET a = 1", "Update")]
    [InlineData("WITH d AS (SELECT 1 FROM (SELECT 2) x) DELETE FROM t", "Delete")]
    [InlineData("/* c */ insert into t select 1", "Insert")]
    [InlineData("WITH d AS (SELECT 1) SELECT * FROM d", "Other")]
    [InlineData("CREATE VIEW v AS SELECT 1", "Other")]
    public void Data_changes_are_known_by_their_verb_after_any_ctes(string sql, string kind) => Assert.Equal(kind, Parse(sql).Kind.ToString());

    [Fact]
    public void A_create_table_without_a_column_list_has_no_columns()
    {
        var shape = Parse("CREATE TEMP TABLE t AS SELECT 1 AS a");

        Assert.Equal(StatementKind.CreateTable, shape.Kind);
        Assert.False(shape.HasColumnList);
        Assert.Empty(shape.Columns);
    }
}
