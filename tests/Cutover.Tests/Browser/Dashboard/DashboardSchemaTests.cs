using System.Data.Common;
using System.Text.Json;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace Cutover.Tests.Browser.Dashboard;

/// <summary>
/// The schema page under `cutover serve`, against real SQLite and PostgreSQL: Mermaid draws an entity per table with its
/// columns and keys and a line per reference (dashed when inferred), the table list shows every column, constraint and
/// index, a change made outside migrations shows as drift, and tables and columns named with markup stay text in the
/// diagram and the list. The page's CSP still runs no script but the dashboard's files.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardSchemaTests(BrowserFixture browser)
{
    private const string Shop = "20260401000000";

    /// <summary>The policy of the schema page: the dashboard's, with inline styles for Mermaid's SVG, and scripts still only 'self'.</summary>
    private const string SchemaPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_schema_page_draws_every_table_lists_its_keys_and_shows_drift(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var (database, options, provider) = await CreateShopAsync(engine, timeout.Token);
        await new Migrator(options, provider).UpAsync(new UpOptions(), timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);

        var response = await page.GotoAsync(new Uri(serve.BaseUrl, "schema").ToString()).WaitAsync(timeout.Token);
        Assert.Equal(200, response!.Status);
        Assert.Equal(SchemaPolicy, (await response.AllHeadersAsync()).GetValueOrDefault("content-security-policy"));
        await Expect(page.Locator("#dashboard-nav a.active")).ToHaveTextAsync("Schema");

        // The diagram: an SVG with an entity per table (every column, keys marked) and a line per reference.
        await Expect(page.Locator("#schema-diagram")).ToHaveAttributeAsync("data-state", "drawn");
        var diagram = page.Locator("#schema-diagram svg");
        await Expect(diagram).ToHaveCountAsync(1);
        await Expect(Entities(page)).ToHaveCountAsync(4);
        await Expect(Entity(page, "customers")).ToContainTextAsync("customers");
        Assert.Equal(["integer", "id", "PK", "text", "email", "UK", "text", "name"], await EntityCellsAsync(Entity(page, "customers")));
        await Expect(Entity(page, "order_notes")).ToContainTextAsync("inferred: no foreign key");
        // Two declared foreign keys (solid) and order_notes.order_id, inferred from its name (dashed).
        await Expect(page.Locator("#schema-diagram svg path.relationshipLine")).ToHaveCountAsync(3);
        await Expect(page.Locator("#schema-diagram svg path.relationshipLine.edge-pattern-dashed")).ToHaveCountAsync(1);
        var warning = Assert.Single(await page.Locator("#schema-warnings li").AllTextContentsAsync());
        Assert.Matches("\"order_notes\"\\.\"order_id\" looks like a reference to (\"public\"\\.)?\"orders\" but has no foreign key", warning);
        // Markup in names is drawn as text.
        await Expect(diagram).ToContainTextAsync(DashboardDatabase.Script);
        await Expect(diagram).ToContainTextAsync(DashboardDatabase.Breakout);

        await Expect(page.Locator("#drift-state")).ToHaveTextAsync("no drift");
        await Expect(page.Locator("#drift-explanation")).ToContainTextAsync($"recorded after {Shop}");

        // The list: every table, in the diagram's order, each with its anchor.
        await Expect(page.Locator("#table-count")).ToHaveTextAsync("4");
        await Expect(page.Locator(".schema-table [data-field=name]")).ToHaveTextAsync([DashboardDatabase.Script, "customers", "order_notes", "orders"]);
        var orders = page.Locator("#table-orders");
        Assert.Equal(["id", "customer_id", "total"], await orders.Locator(".schema-columns [data-field=column]").AllTextContentsAsync());
        var customerId = orders.Locator(".schema-columns tbody tr").Nth(1);
        await Expect(customerId.Locator("[data-field=type]")).ToHaveTextAsync("integer");
        await Expect(customerId.Locator("[data-field=nullable]")).ToHaveTextAsync("not null");
        await Expect(customerId.Locator("[data-field=keys]")).ToHaveTextAsync("FK");
        await Expect(orders.Locator(".schema-columns tbody tr").Nth(2).Locator("[data-field=default]")).ToHaveTextAsync("0");
        await Expect(orders.Locator("[data-kind='primary key']")).ToContainTextAsync("(id)");
        var foreignKey = orders.Locator("[data-kind='foreign key']");
        await Expect(foreignKey).ToContainTextAsync("(customer_id) → customers (id)");
        await Expect(foreignKey.Locator("a")).ToHaveAttributeAsync("href", "#table-customers");
        await Expect(orders.Locator("[data-kind=check]")).ToContainTextAsync("total < 1000000");
        await Expect(orders.Locator(".schema-indexes [data-field=index]")).ToHaveTextAsync(["orders_by_customer"]);
        await Expect(orders.Locator(".schema-indexes [data-field=unique]")).ToHaveTextAsync([""]);
        await Expect(orders.Locator(".schema-indexes [data-field=keys]")).ToHaveTextAsync(["(customer_id)"]);
        var customers = page.Locator("#table-customers");
        await Expect(customers.Locator("[data-kind=unique]")).ToContainTextAsync("(email)");
        await Expect(customers.Locator(".schema-indexes [data-field=index]")).ToHaveTextAsync(["customers_by_name"]);
        await Expect(customers.Locator(".schema-indexes [data-field=unique]")).ToHaveTextAsync(["unique"]);
        // The inferred reference is no key of the table: only the diagram's dashed line and the warning show it.
        await Expect(page.Locator("#table-order-notes .schema-columns [data-field=keys]").Nth(1)).ToBeEmptyAsync();
        var hostile = page.Locator("#table-script-alert-1-script");
        await Expect(hostile.Locator("[data-field=name]")).ToHaveTextAsync(DashboardDatabase.Script);
        await Expect(hostile.Locator(".schema-columns [data-field=column]")).ToHaveTextAsync(["id", DashboardDatabase.Breakout, "customer_id"]);
        await Expect(page.Locator("#table-contents a").First).ToHaveTextAsync(DashboardDatabase.Script);
        await AssertNoInjectedMarkupAsync(page);
        await SaveScreenshotsAsync(page, engine, "schema", docsImage: true, timeout.Token);

        // A table and a column made outside migrations: the live schema shows them, and drift names them.
        await ExecuteAsync(engine, database.ConnectionString, "CREATE TABLE sneaky (id integer PRIMARY KEY); ALTER TABLE customers ADD COLUMN note text", timeout.Token);
        await page.ReloadAsync().WaitAsync(timeout.Token);
        await Expect(page.Locator("#drift-state")).ToHaveTextAsync("drift");
        await Expect(page.Locator("#drift-explanation")).ToContainTextAsync("2 change(s) made outside migrations");
        var changes = page.Locator("#drift-changes tbody tr");
        await Expect(changes).ToHaveCountAsync(2);
        await Expect(changes.Filter(new() { HasText = "TableAdded" })).ToContainTextAsync("sneaky");
        await Expect(changes.Filter(new() { HasText = "ColumnAdded" })).ToContainTextAsync("note");
        await Expect(page.Locator("#schema-diagram")).ToHaveAttributeAsync("data-state", "drawn");
        await Expect(Entities(page)).ToHaveCountAsync(5);
        await Expect(page.Locator("#table-sneaky")).ToBeVisibleAsync();
        await SaveScreenshotsAsync(page, engine, "schema-drift", docsImage: false, timeout.Token);

        // Mermaid's SVG carries its own <style>, which the relaxed style-src lets apply: the entity boxes are filled.
        Assert.NotEqual("rgb(0, 0, 0)", await page.Locator("#schema-diagram svg g.node path").First.EvaluateAsync<string>("e => getComputedStyle(e).fill"));
        complaints.AssertNone();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Before_any_schema_is_recorded_drift_is_unknown_with_the_reason(string engine)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        // A run that stopped at a failure: it recorded no schema.
        var database = await DashboardDatabase.CreateAsync(engine, timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        var complaints = BrowserComplaints.Watch(page);

        await page.GotoAsync(new Uri(serve.BaseUrl, "schema").ToString()).WaitAsync(timeout.Token);
        await Expect(page.Locator("#drift-state")).ToHaveTextAsync("unknown");
        await Expect(page.Locator("#drift-explanation")).ToContainTextAsync("no schema recorded yet");
        await Expect(page.Locator("#drift-changes")).ToHaveCountAsync(0);
        await Expect(page.Locator("#schema-diagram")).ToHaveAttributeAsync("data-state", "drawn");
        await Expect(page.Locator(".schema-table [data-field=name]")).ToHaveTextAsync(["notes"]);
        if (database.Password is { } password)
            Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, "dashboard-" + engine, "schema-unknown-drift", timeout.Token);
        complaints.AssertNone();
    }

    [Fact]
    public async Task Without_mermaid_the_page_says_the_diagram_could_not_be_drawn_and_still_lists_the_tables()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var (database, options, provider) = await CreateShopAsync("sqlite", timeout.Token);
        await new Migrator(options, provider).UpAsync(new UpOptions(), timeout.Token);
        await using var serve = await database.ServeAsync([], "/", readyStatus: null, timeout.Token);
        await using var isolated = await browser.NewPageAsync(timeout.Token);
        var page = isolated.Page;
        // As when a proxy or an extension blocks the file: the page must still be useful.
        await page.RouteAsync("**/assets/mermaid/mermaid.min.js", route => route.AbortAsync());

        await page.GotoAsync(new Uri(serve.BaseUrl, "schema").ToString()).WaitAsync(timeout.Token);
        await Expect(page.Locator("#schema-diagram-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#schema-diagram-error")).ToContainTextAsync("could not be drawn: the Mermaid script did not load");
        await Expect(page.Locator("#schema-diagram")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.Locator(".schema-table")).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(page, "dashboard-sqlite", "schema-no-mermaid", timeout.Token);
    }

    private static ILocator Entities(IPage page) => page.Locator("#schema-diagram svg g.node[id*='-entity-']");

    // Mermaid names an entity's group <svg id>-entity-<name>-<n>.
    private static ILocator Entity(IPage page, string name) => page.Locator($"#schema-diagram svg g.node[id*='-entity-{name}-']");

    /// <summary>The texts of an entity's attribute cells (type, name, keys, comment), empty cells left out.</summary>
    private static async Task<string[]> EntityCellsAsync(ILocator entity)
    {
        var texts = await entity.Locator(".nodeLabel").AllTextContentsAsync();
        return [.. texts.Skip(1).Where(t => t.Length > 0)];
    }

    /// <summary>No element came of the hostile names: no image, and no script but the page's three files.</summary>
    private static async Task AssertNoInjectedMarkupAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(["mermaid.min.js", "schema.js", "bootstrap.bundle.min.js"], await page.Locator("script").EvaluateAllAsync<string[]>("s => s.map(e => e.src.split('/').pop())"));
    }

    private static async Task SaveScreenshotsAsync(IPage page, string engine, string name, bool docsImage, CancellationToken cancellationToken)
    {
        await Screenshots.SaveAsync(page, "dashboard-" + engine, name, cancellationToken);
        if (docsImage && engine == "sqlite" && Environment.GetEnvironmentVariable("CUTOVER_DOCS_IMAGES") == "1")
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepositoryFolder.Root(), "docs", "images", "dashboard-schema.png"), FullPage = true }).WaitAsync(cancellationToken);
    }

    /// <summary>DDL run straight on the database, as someone with a SQL console would: no migration records it.</summary>
    private static async Task ExecuteAsync(string engine, string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using DbConnection connection = engine == "sqlite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One migration making a small shop: customers (a unique email, a unique index on name), orders (a foreign key, a
    /// default, a check, an index), order_notes (an order_id with no foreign key: an inferred reference), and a table
    /// named with a script tag whose column is named with an attribute breakout, referencing customers.
    /// </summary>
    private static async Task<(DashboardDatabase, CutoverOptions, IDatabaseProvider)> CreateShopAsync(string engine, CancellationToken cancellationToken)
    {
        var connection = engine == "sqlite" ? SqliteFiles.NewDatabase() : await PostgresServer.CreateDatabaseAsync();
        IDatabaseProvider provider = engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();
        var folder = Directory.CreateTempSubdirectory("cutover-dashboard-schema-").FullName;
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        var hostileTable = DashboardDatabase.Script.Replace("\"", "\"\"", StringComparison.Ordinal);
        var hostileColumn = DashboardDatabase.Breakout.Replace("\"", "\"\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(migrations, $"{Shop}_shop.sql"), $"""
            -- why: a small shop to draw
            -- cutover:up
            CREATE TABLE customers (id integer PRIMARY KEY, email text NOT NULL UNIQUE, name text);
            CREATE UNIQUE INDEX customers_by_name ON customers (name);
            CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), total integer NOT NULL DEFAULT 0 CHECK (total < 1000000));
            CREATE INDEX orders_by_customer ON orders (customer_id);
            CREATE TABLE order_notes (id integer PRIMARY KEY, order_id integer, body text);
            CREATE TABLE "{hostileTable}" (id integer PRIMARY KEY, "{hostileColumn}" text, customer_id integer REFERENCES customers (id));
            -- cutover:down
            DROP TABLE "{hostileTable}";
            DROP TABLE order_notes;
            DROP TABLE orders;
            DROP TABLE customers;
            """ + "\n", cancellationToken);
        var config = Path.Combine(folder, "cutover.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new Dictionary<string, string> { ["connection"] = connection, ["migrations"] = "migrations" }), cancellationToken);
        var options = new CutoverOptions { ConnectionString = connection, MigrationsFolder = migrations };
        return (new DashboardDatabase(engine, connection, null, config, folder), options, provider);
    }
}
