using Cutover.Files;
using Cutover.Backfill;
using Cutover.Schema;

namespace Cutover.Tests.Backfill;

/// <summary>
/// The key a backfill walks (<see cref="BackfillKey.Resolve"/>) chosen from a schema model built by hand: which key,
/// its description, the tables and columns a directive's names find, and the exact refusals with their hints.
/// SQLite tables have the schema "", PostgreSQL tables a named schema.
/// </summary>
public sealed class BackfillKeyTests
{
    private static readonly Cutover.Files.FileLine Where = new("m.sql", 3);
    private static readonly string[] Public = ["public"];

    private static ColumnModel Col(string name, string type = "integer", bool nullable = false) =>
        new(name, type, nullable, null, null, null, null, null);

    private static KeyModel Key(params string[] columns) => new(null, columns);

    private static IndexModel Index(string name, bool unique, string? predicate, params string[] keys) => new(name, unique, keys, predicate, null);

    private static TableModel Table(
        string schema, string name, IReadOnlyList<ColumnModel> columns, KeyModel? primaryKey = null,
        IReadOnlyList<KeyModel>? uniques = null, IReadOnlyList<IndexModel>? indexes = null) =>
        new(schema, name, columns, primaryKey, [], uniques ?? [], [], indexes ?? [], null);

    private static SchemaModel Model(params TableModel[] tables) => new(tables, [], [], [], [], [], []);

    private static BackfillSpec Spec(string table, params string[] key) => new(table, key.Length == 0 ? null : key, null, null, null);

    private static BackfillKey Resolve(TableModel table, BackfillSpec spec) =>
        BackfillKey.Resolve(Model(table), table.Schema.Length == 0 ? [] : Public, spec, Where);

    private static CutoverException Refused(SchemaModel model, IReadOnlyList<string> schemas, BackfillSpec spec)
    {
        var error = Assert.ThrowsAny<CutoverException>(() => BackfillKey.Resolve(model, schemas, spec, Where));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        return error;
    }

    private static CutoverException Refused(TableModel table, BackfillSpec spec) =>
        Refused(Model(table), table.Schema.Length == 0 ? [] : Public, spec);

    /// <summary>users: primary key id, a UNIQUE constraint on email, a unique index on code, and a plain column name.</summary>
    private static TableModel Users(string schema = "public") => Table(schema, "users",
        [Col("id"), Col("email", "text"), Col("code", "text"), Col("name", "text")],
        Key("id"), uniques: [Key("email")], indexes: [Index("users_code", true, null, "code")]);

    // ---- the key chosen ----

    [Theory]
    [InlineData("")]
    [InlineData("public")]
    public void The_primary_key_is_walked_when_no_key_is_named(string schema)
    {
        var key = Resolve(Users(schema), Spec("users"));

        Assert.Equal(["\"id\""], key.Columns);
        Assert.Equal("primary key (id)", key.Description);
    }

    [Fact]
    public void A_composite_primary_key_is_walked_in_its_column_order()
    {
        var table = Table("public", "orders", [Col("id", "bigint"), Col("tenant_id", "uuid")], Key("tenant_id", "id"));

        var key = Resolve(table, Spec("orders"));

        Assert.Equal(["\"tenant_id\"", "\"id\""], key.Columns);
        Assert.Equal("primary key (tenant_id, id)", key.Description);
    }

    [Fact]
    public void A_sqlite_table_without_a_primary_key_is_walked_by_rowid_even_when_it_has_a_unique_key()
    {
        var table = Table("", "events", [Col("id"), Col("body", "text", nullable: true)], uniques: [Key("id")]);

        var key = Resolve(table, Spec("events"));

        Assert.Equal(["rowid"], key.Columns);
        Assert.Equal("rowid (the table has no primary key)", key.Description);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("email")]
    [InlineData("code")]
    public void Key_may_name_any_of_several_unique_keys_the_primary_key_a_unique_constraint_or_a_unique_index(string column)
    {
        var key = Resolve(Users(), Spec("users", column));

        Assert.Equal([$"\"{column}\""], key.Columns);
        Assert.Equal($"key={column}", key.Description);
    }

    [Fact]
    public void A_named_key_is_walked_in_the_order_written_and_its_quoted_names_are_unquoted()
    {
        var table = Table("public", "docs", [Col("Ext Id", "text"), Col("tenant_id", "uuid"), Col("id")],
            Key("id"), indexes: [Index("docs_ext", true, null, "tenant_id", "\"Ext Id\"")]);

        var key = Resolve(table, Spec("docs", "\"Ext Id\"", "TENANT_ID"));

        Assert.Equal(["\"Ext Id\"", "\"tenant_id\""], key.Columns);
        Assert.Equal("key=Ext Id,tenant_id", key.Description);
    }

    [Fact]
    public void A_sqlite_table_without_a_primary_key_walks_a_named_unique_key()
    {
        var table = Table("", "events", [Col("uid", "text")], uniques: [Key("uid")]);

        var key = Resolve(table, Spec("events", "uid"));

        Assert.Equal(["\"uid\""], key.Columns);
        Assert.Equal("key=uid", key.Description);
    }

    // ---- keys refused ----

    [Fact]
    public void A_partial_unique_index_is_not_a_unique_key()
    {
        var table = Table("public", "users", [Col("id"), Col("email", "text")], Key("id"),
            indexes: [Index("users_email", true, "deleted_at IS NULL", "email")]);

        var error = Refused(table, Spec("users", "email"));

        Assert.Equal("m.sql:3: key=email is not a unique key of users, so batches could overlap", error.Message);
        Assert.Equal("add a unique index on (email), or name a unique key; candidates: id", error.Hint);
    }

    [Fact]
    public void A_column_with_a_plain_index_is_not_a_unique_key()
    {
        var table = Table("public", "users", [Col("id"), Col("email", "text")], Key("id"),
            indexes: [Index("users_email", false, null, "email")]);

        var error = Refused(table, Spec("users", "email"));

        Assert.Equal("m.sql:3: key=email is not a unique key of users, so batches could overlap", error.Message);
        Assert.Equal("add a unique index on (email), or name a unique key; candidates: id", error.Hint);
    }

    [Fact]
    public void Key_naming_a_column_without_any_unique_key_is_refused() =>
        Assert.Equal("m.sql:3: key=name is not a unique key of users, so batches could overlap", Refused(Users(), Spec("users", "name")).Message);

    [Fact]
    public void A_named_key_must_have_exactly_the_columns_of_a_unique_key_in_any_order()
    {
        var table = Table("public", "orders", [Col("tenant_id", "uuid"), Col("id"), Col("code", "text")],
            Key("tenant_id", "id"));

        var error = Refused(table, Spec("orders", "tenant_id", "code"));

        Assert.Equal("m.sql:3: key=tenant_id,code is not a unique key of orders, so batches could overlap", error.Message);
        Assert.Equal("add a unique index on (tenant_id, code), or name a unique key; candidates: tenant_id,id", error.Hint);
        Assert.Equal("m.sql:3: key=tenant_id is not a unique key of orders, so batches could overlap", Refused(table, Spec("orders", "tenant_id")).Message);
        Assert.Equal("key=id,tenant_id", Resolve(table, Spec("orders", "id", "tenant_id")).Description);
    }

    [Fact]
    public void A_nullable_key_column_is_refused_with_the_not_null_unique_keys_as_candidates()
    {
        var table = Table("public", "users", [Col("id"), Col("email", "text", nullable: true)], Key("id"), uniques: [Key("email")]);

        var error = Refused(table, Spec("users", "email"));

        Assert.Equal("m.sql:3: key column email of users allows NULL, so some rows would never be in a batch", error.Message);
        Assert.Equal("make it NOT NULL, or name a NOT NULL unique key; candidates: id", error.Hint);
    }

    [Fact]
    public void A_nullable_primary_key_column_may_be_named_because_sqlite_allows_it()
    {
        var table = Table("", "tags", [Col("code", "text", nullable: true)], Key("code"));

        var key = Resolve(table, Spec("tags", "code"));

        Assert.Equal(["\"code\""], key.Columns);
        Assert.Equal("key=code", key.Description);
    }

    [Fact]
    public void A_nullable_column_with_no_not_null_unique_key_anywhere_has_no_candidates()
    {
        var table = Table("", "tags", [Col("code", "text", nullable: true)], uniques: [Key("code")]);

        Assert.Equal("make it NOT NULL, or name a NOT NULL unique key; candidates: none", Refused(table, Spec("tags", "code")).Hint);
    }

    [Fact]
    public void An_unknown_key_column_is_refused_listing_the_tables_columns()
    {
        var error = Refused(Users(), Spec("users", "id", "nope"));

        Assert.Equal("m.sql:3: key=id,nope: table users has no column nope", error.Message);
        Assert.Equal("name columns of users: id, email, code, name", error.Hint);
    }

    [Fact]
    public void A_postgres_table_without_a_primary_key_or_candidates_is_refused_with_a_hint_to_add_one()
    {
        var table = Table("public", "events", [Col("id", "bigint", nullable: true)], uniques: [Key("id")]);

        var error = Refused(table, Spec("events"));

        Assert.Equal("m.sql:3: table events has no primary key to walk in batches", error.Message);
        Assert.Equal("add a primary key to events (ALTER TABLE … ADD PRIMARY KEY), or a unique NOT NULL column and name it with key=", error.Hint);
    }

    [Fact]
    public void A_postgres_table_without_a_primary_key_is_refused_suggesting_its_first_candidate()
    {
        var table = Table("public", "events", [Col("tenant_id", "uuid"), Col("seq", "bigint"), Col("uid", "uuid")],
            uniques: [Key("tenant_id", "seq")], indexes: [Index("events_uid", true, null, "uid")]);

        var error = Refused(table, Spec("events"));

        Assert.Equal("m.sql:3: table events has no primary key to walk in batches", error.Message);
        Assert.Equal("name a NOT NULL unique key with key=, e.g. key=tenant_id,seq, or add a primary key", error.Hint);
    }

    // ---- key types ----

    [Theory]
    [InlineData("integer")]
    [InlineData("INTEGER")]
    [InlineData("bigint")]
    [InlineData("mediumint")]
    [InlineData("varchar(36)")]
    [InlineData("character(20)")]
    [InlineData("nchar(5)")]
    [InlineData("clob")]
    [InlineData("text")]
    [InlineData("TEXT")]
    [InlineData("blob")]
    [InlineData("BLOB")]
    [InlineData("")]
    [InlineData("uuid")]
    public void A_sqlite_key_is_walkable_by_its_type_affinity(string type)
    {
        var table = Table("", "t", [Col("id", type)], Key("id"));

        Assert.Equal("primary key (id)", Resolve(table, Spec("t")).Description);
    }

    [Theory]
    [InlineData("real")]
    [InlineData("numeric")]
    [InlineData("double precision")]
    [InlineData("datetime")]
    [InlineData("boolean")]
    [InlineData("blob(16)")]
    [InlineData("guid")]
    public void A_sqlite_key_without_integer_or_text_affinity_is_refused(string type)
    {
        var table = Table("", "t", [Col("id", type)], Key("id"));

        var error = Refused(table, Spec("t"));

        Assert.Equal($"m.sql:3: key column id of t is {type}; backfills walk integer, text and uuid keys", error.Message);
        Assert.Equal("name another unique NOT NULL key with key=; candidates: id", error.Hint);
    }

    [Theory]
    [InlineData("smallint")]
    [InlineData("integer")]
    [InlineData("bigint")]
    [InlineData("text")]
    [InlineData("uuid")]
    [InlineData("character varying(20)")]
    [InlineData("character varying")]
    [InlineData("character(10)")]
    public void A_postgres_key_of_an_integer_text_or_uuid_type_is_walkable(string type)
    {
        var table = Table("public", "t", [Col("id", type)], Key("id"));

        Assert.Equal("primary key (id)", Resolve(table, Spec("t")).Description);
    }

    [Theory]
    [InlineData("numeric")]
    [InlineData("interval")]
    [InlineData("integer[]")]
    [InlineData("varchar(36)")]
    [InlineData("clob")]
    [InlineData("bytea")]
    [InlineData("")]
    [InlineData("timestamp with time zone")]
    public void A_postgres_key_of_another_type_is_refused_even_where_sqlite_affinity_would_take_it(string type)
    {
        var table = Table("public", "t", [Col("id", type), Col("uid", "uuid")], Key("id"), uniques: [Key("uid")]);

        var error = Refused(table, Spec("t"));

        Assert.Equal($"m.sql:3: key column id of t is {type}; backfills walk integer, text and uuid keys", error.Message);
        Assert.Equal("name another unique NOT NULL key with key=; candidates: id; uid", error.Hint);
    }

    [Fact]
    public void Every_column_of_a_named_key_is_type_checked()
    {
        var table = Table("public", "t", [Col("id"), Col("at", "timestamp")], Key("id"), uniques: [Key("id", "at")]);

        Assert.Equal("m.sql:3: key column at of t is timestamp; backfills walk integer, text and uuid keys", Refused(table, Spec("t", "id", "at")).Message);
    }

    // ---- finding the table ----

    /// <summary>users in two schemas, told apart by their primary keys: app.users by id, public.users by user_id.</summary>
    private static SchemaModel TwoSchemas() => Model(
        Table("app", "users", [Col("id")], Key("id")),
        Table("public", "users", [Col("user_id")], Key("user_id")));

    [Theory]
    [InlineData("app,public", "users", "primary key (id)")]
    [InlineData("public,app", "users", "primary key (user_id)")]
    [InlineData("app,public", "public.users", "primary key (user_id)")]
    [InlineData("public,app", "app.users", "primary key (id)")]
    [InlineData("public", "app.users", "primary key (id)")]
    [InlineData("app,public", "\"public\".\"users\"", "primary key (user_id)")]
    public void An_unqualified_name_finds_the_table_in_the_first_configured_schema_and_a_qualified_name_its_schema(string schemas, string written, string description) =>
        Assert.Equal(description, BackfillKey.Resolve(TwoSchemas(), schemas.Split(','), Spec(written), Where).Description);

    [Theory]
    [InlineData("users", "primary key (b)")]
    [InlineData("other.users", "primary key (a)")]
    public void A_schema_outside_the_configured_ones_comes_after_them(string written, string description)
    {
        var model = Model(Table("other", "users", [Col("a")], Key("a")), Table("public", "users", [Col("b")], Key("b")));

        Assert.Equal(description, BackfillKey.Resolve(model, Public, Spec(written), Where).Description);
    }

    [Fact]
    public void A_name_in_an_unconfigured_schema_is_still_found_when_no_configured_schema_has_it()
    {
        var model = Model(Table("other", "users", [Col("a")], Key("a")), Table("app", "users", [Col("c")], Key("c")));

        Assert.Equal("primary key (c)", BackfillKey.Resolve(model, ["public", "app"], Spec("users"), Where).Description);
    }

    [Theory]
    [InlineData("\"Mixed Case\"")]
    [InlineData("public.\"Mixed Case\"")]
    public void A_quoted_postgres_name_keeps_its_case_and_spaces(string written)
    {
        var model = Model(Table("public", "Mixed Case", [Col("id")], Key("id")));

        Assert.Equal("primary key (id)", BackfillKey.Resolve(model, Public, Spec(written), Where).Description);
    }

    [Theory]
    [InlineData("\"a.b\"")]
    [InlineData("public.\"a.b\"")]
    public void A_dot_inside_quotes_is_part_of_the_name(string written)
    {
        var model = Model(Table("public", "a.b", [Col("id")], Key("id")), Table("a", "b", [Col("x")], Key("x")));

        Assert.Equal("primary key (id)", BackfillKey.Resolve(model, ["a", "public"], Spec(written), Where).Description);
    }

    [Theory]
    [InlineData("users")]
    [InlineData("USERS")]
    [InlineData("\"users\"")]
    [InlineData("\"USERS\"")]
    public void A_sqlite_table_name_matches_in_any_case(string written)
    {
        var model = Model(Table("", "Users", [Col("id")], Key("id")));

        Assert.Equal("primary key (id)", BackfillKey.Resolve(model, [], Spec(written), Where).Description);
        Assert.True(BackfillKey.Exists(model, [], written));
    }

    [Theory]
    [InlineData("users")]
    [InlineData("Users")]
    [InlineData("\"users\"")]
    [InlineData("public.users")]
    public void A_postgres_table_name_matches_exactly_after_folding_unquoted_names_to_lower_case(string written)
    {
        var model = Model(Table("public", "Users", [Col("id")], Key("id")));

        var error = Refused(model, Public, Spec(written));

        Assert.Equal($"m.sql:3: backfill table {written} does not exist when the step runs", error.Message);
        Assert.Equal("create it in an up step before the backfill, or fix the name (schema-qualify it if it is outside the configured schemas)", error.Hint);
        Assert.False(BackfillKey.Exists(model, Public, written));
        Assert.True(BackfillKey.Exists(model, Public, "\"Users\""));
        Assert.True(BackfillKey.Exists(model, Public, "public.\"Users\""));
    }

    [Fact]
    public void An_unquoted_name_finds_a_lower_case_postgres_table_whatever_case_it_is_written_in() =>
        Assert.True(BackfillKey.Exists(Model(Users()), Public, "Public.USERS"));

    [Theory]
    [InlineData("orders")]
    [InlineData("app.users")]
    [InlineData("users.users")]
    public void A_table_not_in_the_model_is_refused(string written)
    {
        var model = Model(Table("public", "accounts", [Col("id")], Key("id")), Table("public", "users", [Col("id")], Key("id")));

        Assert.Equal($"m.sql:3: backfill table {written} does not exist when the step runs", Refused(model, Public, Spec(written)).Message);
        Assert.False(BackfillKey.Exists(model, Public, written));
    }

    // ---- finding columns ----

    [Fact]
    public void A_column_is_found_by_its_exact_name_before_one_differing_only_in_case()
    {
        var table = Table("public", "t", [Col("ID", "numeric", nullable: true), Col("id")], Key("id"));

        var key = Resolve(table, Spec("t"));

        Assert.Equal(["\"id\""], key.Columns);
        Assert.Equal("primary key (id)", key.Description);
    }

    [Fact]
    public void A_column_is_found_by_its_exact_name_before_one_differing_only_in_case_when_the_key_is_named()
    {
        var table = Table("public", "t", [Col("ID", "numeric", nullable: true), Col("id")], Key("id"));

        Assert.Equal("key=id", Resolve(table, Spec("t", "id")).Description);
        Assert.Equal("m.sql:3: key column ID of t is numeric; backfills walk integer, text and uuid keys", Refused(table, Spec("t", "\"ID\"")).Message);
    }

    [Fact]
    public void A_column_is_found_case_insensitively_when_no_name_matches_exactly()
    {
        var table = Table("public", "t", [Col("id")], Key("id"));

        var key = Resolve(table, Spec("t", "\"ID\""));

        Assert.Equal(["\"ID\""], key.Columns);
        Assert.Equal("key=ID", key.Description);
    }

    // ---- candidates in hints ----

    [Fact]
    public void Candidates_are_the_distinct_unique_keys_whose_columns_are_all_not_null_separated_by_semicolons()
    {
        var table = Table("public", "users",
            [Col("id"), Col("tenant_id", "uuid"), Col("code", "text"), Col("email", "text", nullable: true), Col("name", "text")],
            Key("id"),
            uniques: [Key("tenant_id", "code"), Key("tenant_id", "email"), Key("email")],
            indexes: [Index("users_tc", true, null, "tenant_id", "code"), Index("users_name", true, "name <> ''", "name"), Index("users_name2", false, null, "name")]);

        var error = Refused(table, Spec("users", "email"));

        Assert.Equal("make it NOT NULL, or name a NOT NULL unique key; candidates: id; tenant_id,code", error.Hint);
    }

    [Fact]
    public void Unique_indexes_are_candidates_after_unique_constraints()
    {
        var table = Table("public", "users", [Col("id", "numeric"), Col("email", "text"), Col("code", "text")],
            Key("id"), uniques: [Key("email")], indexes: [Index("users_code", true, null, "\"code\"")]);

        Assert.Equal("name another unique NOT NULL key with key=; candidates: id; email; code", Refused(table, Spec("users")).Hint);
    }

    // ---- identifiers ----

    [Theory]
    [InlineData("users", "\"users\"")]
    [InlineData("Mixed Case", "\"Mixed Case\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("", "\"\"")]
    public void Quote_wraps_a_name_in_double_quotes_doubling_any_inside(string name, string quoted) =>
        Assert.Equal(quoted, Identifier.Quote(name));

    [Theory]
    [InlineData("\"Mixed Case\"", "Mixed Case")]
    [InlineData("Users", "users")]
    [InlineData("\"a\"\"b\"", "a\"b")]
    [InlineData("\"\"", "")]
    [InlineData("\"", "\"")]
    [InlineData("\"AB", "\"ab")]
    [InlineData("AB\"", "ab\"")]
    [InlineData("A\"B", "a\"b")]
    public void Unquote_takes_a_quoted_name_as_written_and_folds_any_other_to_lower_case(string written, string name) =>
        Assert.Equal(name, Identifier.Unquote(written));

    [Theory]
    [InlineData("users", new[] { "users" })]
    [InlineData("Public.Users", new[] { "public", "users" })]
    [InlineData("public.\"Mixed Case\"", new[] { "public", "Mixed Case" })]
    [InlineData("\"a.b\".c", new[] { "a.b", "c" })]
    [InlineData("\"a.b\"", new[] { "a.b" })]
    [InlineData("x.\"y.z\".w", new[] { "x", "y.z", "w" })]
    [InlineData("db.public.users", new[] { "db", "public", "users" })]
    public void SplitQualified_splits_on_dots_outside_quotes_and_unquotes_each_part(string written, string[] parts) =>
        Assert.Equal(parts, Identifier.SplitQualified(written));
}
