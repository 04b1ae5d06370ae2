using Cutover.Postgres;
using Cutover.Schema;
using Cutover.Tests.Infrastructure;
using Npgsql;

namespace Cutover.Tests.Schema;

public sealed class PostgresSchemaTests
{
    private const string RichSchema = """
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE DOMAIN positive AS integer NOT NULL DEFAULT 1 CONSTRAINT positive_check CHECK (VALUE > 0);
        CREATE SEQUENCE invoice_numbers AS bigint START 1000 INCREMENT 10;
        CREATE TABLE users (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email varchar(200) NOT NULL COLLATE "C",
            name text DEFAULT 'anonymous',
            score numeric(10,2),
            mood mood,
            seen_at timestamptz NOT NULL DEFAULT now(),
            tags text[],
            invited_by bigint REFERENCES users (id) ON DELETE SET NULL,
            email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
            CONSTRAINT users_email_key UNIQUE (email),
            CONSTRAINT score_range CHECK (score >= 0)
        );
        COMMENT ON TABLE users IS 'People who sign in';
        COMMENT ON COLUMN users.email IS 'Login';
        CREATE TABLE "Order" (
            "select" serial PRIMARY KEY,
            "Bestellung_für_Kunden" text,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            qty positive
        );
        CREATE INDEX users_email_lower ON users (lower(email));
        CREATE INDEX users_seen_desc ON users (seen_at DESC NULLS LAST);
        CREATE UNIQUE INDEX users_name_partial ON users (name) WHERE name IS NOT NULL;
        CREATE INDEX users_tags ON users USING gin (tags);
        CREATE VIEW admins AS SELECT id, email FROM users WHERE mood = 'happy';
        CREATE MATERIALIZED VIEW user_counts AS SELECT count(*) AS n FROM users;
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := coalesce(NEW.name, 'x'); RETURN NEW; END $$;
        CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
        CREATE TABLE bookings (room integer, during int4range, CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));
        CREATE TABLE events (
            id bigint NOT NULL,
            at date NOT NULL,
            user_id bigint REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,
            kind text CONSTRAINT kind_known CHECK (kind <> ''),
            PRIMARY KEY (id, at)
        ) PARTITION BY RANGE (at);
        CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        CREATE TABLE events_rest PARTITION OF events DEFAULT;
        CREATE INDEX events_kind ON events (kind) INCLUDE (user_id);
        CREATE TABLE slots (code text, owner bigint, CONSTRAINT slots_code_key UNIQUE NULLS NOT DISTINCT (code) INCLUDE (owner) DEFERRABLE);
        CREATE UNIQUE INDEX slots_owner ON slots (owner) NULLS NOT DISTINCT;
        CREATE TABLE cutover_history (id text PRIMARY KEY);
        CREATE SCHEMA audit;
        CREATE TABLE audit.events (id bigint PRIMARY KEY);
        """;

    private static async Task<(string Db, SchemaModel Model)> ReadAsync(string ddl, params string[] schemas)
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(ddl, connection))
            await command.ExecuteNonQueryAsync();
        return (db, await PostgresSchemaReader.ReadAsync(connection, schemas.Length == 0 ? ["public"] : schemas, CancellationToken.None));
    }

    [Fact]
    public async Task Reads_every_object_kind_with_quoted_and_non_ascii_names()
    {
        var (_, model) = await ReadAsync(RichSchema);

        var users = model.Tables.Single(t => t.Name == "users");
        var column = users.Columns.ToDictionary(c => c.Name);
        Assert.Equal(("bigint", "always", false), (column["id"].Type, column["id"].Identity, column["id"].Nullable));
        Assert.Equal(("character varying(200)", "C", "Login"), (column["email"].Type, column["email"].Collation, column["email"].Comment));
        Assert.Equal("'anonymous'::text", column["name"].Default);
        Assert.Equal("numeric(10,2)", column["score"].Type);
        Assert.Equal("mood", column["mood"].Type);
        Assert.Equal(("timestamp with time zone", "now()"), (column["seen_at"].Type, column["seen_at"].Default));
        Assert.Equal("text[]", column["tags"].Type);
        Assert.Equal("lower((email)::text)", column["email_lower"].Generated);
        Assert.Equal("People who sign in", users.Comment);
        Assert.Equal(["id"], users.PrimaryKey!.Columns);
        Assert.Equal("users_email_key", Assert.Single(users.Uniques).Name);
        Assert.Equal("(score >= 0::numeric)", Assert.Single(users.Checks).Expression);
        var fk = Assert.Single(users.ForeignKeys);
        Assert.Equal(("users", "set null"), (fk.ReferencedTable, fk.OnDelete));
        Assert.Equal(["users_email_lower", "users_name_partial", "users_seen_desc", "users_tags"], users.Indexes.Select(i => i.Name));
        Assert.Equal(["lower(email::text)"], users.Indexes[0].Keys);
        Assert.Equal(("(name IS NOT NULL)", true), (users.Indexes[1].Predicate, users.Indexes[1].Unique));
        Assert.Equal(["seen_at DESC NULLS LAST"], users.Indexes[2].Keys);
        Assert.Equal("gin", users.Indexes[3].Method);

        var order = model.Tables.Single(t => t.Name == "Order");
        Assert.Equal(["select", "Bestellung_für_Kunden", "user_id", "qty"], order.Columns.Select(c => c.Name));
        Assert.Equal("cascade", order.ForeignKeys.Single().OnDelete);
        Assert.Equal("positive", order.Columns[3].Type);

        Assert.Equal("EXCLUDE USING gist (during WITH &&)", model.Tables.Single(t => t.Name == "bookings").Checks.Single().Expression);
        Assert.Equal(["sad", "ok", "happy"], Assert.Single(model.Enums).Values);
        var domain = Assert.Single(model.Domains);
        Assert.Equal(("integer", true, "1", "(VALUE > 0)"), (domain.Type, domain.NotNull, domain.Default, domain.Checks.Single().Expression));
        Assert.Contains(model.Sequences, s => s.Name == "invoice_numbers" && s.Start == 1000 && s.Increment == 10 && s.OwnedBy is null);
        Assert.Contains(model.Sequences, s => s.Name == "Order_select_seq" && s.OwnedBy == "\"Order\".\"select\"");
        Assert.DoesNotContain(model.Sequences, s => s.Name.StartsWith("users_id", StringComparison.Ordinal));
        Assert.Equal([false, true], model.Views.OrderBy(v => v.Name).Select(v => v.Materialized));
        Assert.Equal(("touch()", "trigger", "plpgsql"), (Assert.Single(model.Functions).Signature, model.Functions[0].Returns, model.Functions[0].Language));
        Assert.Equal(16, model.Functions[0].BodyHash.Length);
        Assert.Equal("users_touch", Assert.Single(model.Triggers).Name);
        Assert.DoesNotContain(model.Tables, t => t.Name.StartsWith("cutover_", StringComparison.Ordinal) || t.Schema == "audit");
    }

    [Fact]
    public async Task Reads_partitions_covering_columns_deferrable_and_nulls_not_distinct_keys()
    {
        var (_, model) = await ReadAsync(RichSchema);

        var events = model.Tables.Single(t => t.Name == "events");
        Assert.Equal(("RANGE (at)", null), (events.PartitionBy, events.PartitionOf));
        Assert.Equal("DEFERRABLE INITIALLY DEFERRED", events.ForeignKeys.Single().Deferrable);
        Assert.Equal(["user_id"], events.Indexes.Single().Include);
        var year = model.Tables.Single(t => t.Name == "events_2026");
        Assert.Equal(new PartitionModel("public", "events", "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"), year.PartitionOf);
        // What a partition inherits (key, foreign key, index) belongs to the parent; its checks stay its own.
        Assert.Equal((null, 0, 0), (year.PrimaryKey, year.ForeignKeys.Count, year.Indexes.Count));
        Assert.Equal("kind_known", year.Checks.Single().Name);
        Assert.Equal("DEFAULT", model.Tables.Single(t => t.Name == "events_rest").PartitionOf!.Bound);
        var slots = model.Tables.Single(t => t.Name == "slots");
        var key = slots.Uniques.Single();
        Assert.Equal(["owner"], key.Include);
        Assert.Equal(("DEFERRABLE", true), (key.Deferrable, key.NullsNotDistinct));
        Assert.True(slots.Indexes.Single().NullsNotDistinct);
        var text = SchemaText.Render(model);
        Assert.Contains("ALTER TABLE \"public\".\"events\" ATTACH PARTITION \"public\".\"events_2026\" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');", text);
        Assert.Contains(") PARTITION BY RANGE (at);", text);
        Assert.Contains("CONSTRAINT \"slots_code_key\" UNIQUE NULLS NOT DISTINCT (\"code\") INCLUDE (\"owner\") DEFERRABLE", text);
    }

    [Fact]
    public async Task Several_schemas_are_read_when_asked_for()
    {
        var (_, model) = await ReadAsync(RichSchema, "public", "audit");

        Assert.Contains(model.Tables, t => t.Schema == "audit" && t.Name == "events");
    }

    [Fact]
    public async Task The_text_does_not_depend_on_the_sessions_search_path_and_the_session_keeps_its_own()
    {
        var (db, model) = await ReadAsync(RichSchema);
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("SET search_path = audit, pg_catalog", connection))
            await command.ExecuteNonQueryAsync();

        var read = await PostgresSchemaReader.ReadAsync(connection, ["public"], CancellationToken.None);

        Assert.Equal(SchemaText.Render(model), SchemaText.Render(read));
        await using var show = new NpgsqlCommand("SHOW search_path", connection);
        Assert.Equal("audit, pg_catalog", await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_text_is_deterministic_and_rebuilding_from_it_gives_the_same_fingerprint()
    {
        var (db, model) = await ReadAsync(RichSchema);
        var text = SchemaText.Render(model);
        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            Assert.Equal(text, SchemaText.Render(await PostgresSchemaReader.ReadAsync(connection, ["public"], CancellationToken.None)));
        }

        // Function bodies are only hashed in the text, so the copy gets the function first; the rest is the text itself.
        var (_, copy) = await ReadAsync(
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name := coalesce(NEW.name, 'x'); RETURN NEW; END $$;\n" + text);

        Assert.Equal(text, SchemaText.Render(copy));
        Assert.Equal(SchemaText.Fingerprint(model), SchemaText.Fingerprint(copy));
    }
}
