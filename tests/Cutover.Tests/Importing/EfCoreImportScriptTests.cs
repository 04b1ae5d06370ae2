using Cutover.Importing;
using Cutover.Sql;

namespace Cutover.Tests.Importing;

/// <summary>
/// How a `dotnet ef migrations script` is cut into migrations, on scripts written after what EF Core 10's SQLite and
/// Npgsql providers print; and which history a baseline can stand for. No EF Core project is needed here.
/// </summary>
public sealed class EfCoreImportScriptTests
{
    [Fact]
    public void A_PostgreSQL_script_is_cut_at_the_history_rows_without_EF_Cores_table_and_transactions_and_a_semicolon_in_a_body_is_not_a_separator()
    {
        const string script = """
            CREATE TABLE IF NOT EXISTS "ef"."history" (
                "MigrationId" character varying(150) NOT NULL,
                "ProductVersion" character varying(32) NOT NULL,
                CONSTRAINT "PK_history" PRIMARY KEY ("MigrationId")
            );

            START TRANSACTION;
            CREATE TABLE users (id integer, note text DEFAULT 'a; COMMIT;');

            CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.note := 'x'; RETURN NEW; END $$ LANGUAGE plpgsql;

            INSERT INTO "ef"."history" ("MigrationId", "ProductVersion")
            VALUES ('20260101000000_Users', '10.0.15');

            COMMIT;

            START TRANSACTION;
            INSERT INTO "ef"."history" ("MigrationId", "ProductVersion")
            VALUES ('20260102000000_Nothing', '10.0.15');

            COMMIT;
            """;

        var parts = EfCoreScript.SplitByMigration(script, ["20260101000000_Users", "20260102000000_Nothing"], SqlDialect.Postgres);

        Assert.Equal(
            "CREATE TABLE users (id integer, note text DEFAULT 'a; COMMIT;');\n\n" +
            "CREATE FUNCTION touch() RETURNS trigger AS $$ BEGIN NEW.note := 'x'; RETURN NEW; END $$ LANGUAGE plpgsql;", parts[0]);
        Assert.Equal("", parts[1]);
    }

    [Fact]
    public void A_SQLite_down_script_loses_the_foreign_keys_pragmas_and_a_history_row_of_another_migration_is_refused()
    {
        const string script = """
            BEGIN TRANSACTION;
            CREATE TABLE "ef_temp_Customers" ("Id" INTEGER NOT NULL);

            COMMIT;

            PRAGMA foreign_keys = 0;

            BEGIN TRANSACTION;
            DROP TABLE "Customers";

            ALTER TABLE "ef_temp_Customers" RENAME TO "Customers";

            COMMIT;

            PRAGMA foreign_keys = 1;

            DELETE FROM "__EFMigrationsHistory"
            WHERE "MigrationId" = '20260102000000_Rank';
            """;

        Assert.Equal("CREATE TABLE \"ef_temp_Customers\" (\"Id\" INTEGER NOT NULL);\n\nDROP TABLE \"Customers\";\n\nALTER TABLE \"ef_temp_Customers\" RENAME TO \"Customers\";",
            Assert.Single(EfCoreScript.SplitByMigration(script, ["20260102000000_Rank"], SqlDialect.Sqlite)));
        var other = Assert.Throws<InvalidToolInputException>(() => EfCoreScript.SplitByMigration(script, ["20260103000000_Other"], SqlDialect.Sqlite));
        Assert.Contains("a history row that is not migration 20260103000000_Other's", other.Message);
        Assert.Contains("no history row of migration 20260102000000_Rank",
            Assert.Throws<InvalidToolInputException>(() => EfCoreScript.SplitByMigration("CREATE TABLE a (id integer);", ["20260102000000_Rank"], SqlDialect.Sqlite)).Message);
    }

    [Fact]
    public void A_baseline_stands_for_the_first_migrations_only()
    {
        var report = new EfCoreImportReport([
            new("20260101000000_A", "20260101000000", "a.sql", true),
            new("20260102000000_B", "20260102000000", "b.sql", true),
            new("20260103000000_C", "20260103000000", "c.sql", true),
        ]);

        Assert.Null(EfCoreHistory.BaselineFor(report, []));
        Assert.Equal("20260102000000", EfCoreHistory.BaselineFor(report, [new("20260101000000_A", "10.0.15"), new("20260102000000_B", "10.0.15")])!.Id);
        var gap = Assert.Throws<InvalidToolInputException>(() => EfCoreHistory.BaselineFor(report, [new("20260101000000_A", "10.0.15"), new("20260103000000_C", "10.0.15")]));
        Assert.Equal("__EFMigrationsHistory: 20260102000000_B is older than the newest applied migration (20260103000000_C), but was never applied", gap.Message);
    }
}
