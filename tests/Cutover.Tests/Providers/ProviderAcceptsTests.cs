using Cutover.Postgres;
using Cutover.Sqlite;

namespace Cutover.Tests.Providers;

/// <summary>Each provider recognises its own connection strings, so a tool picks the provider without a list of engines of its own.</summary>
public sealed class ProviderAcceptsTests
{
    [Theory]
    [InlineData("Data Source=app.db", true, false)]
    [InlineData(" datasource = app.db ; Mode=ReadOnly", true, false)]
    [InlineData("Filename=/tmp/x.db", true, false)]
    [InlineData("Host=localhost;Database=app", false, true)]
    [InlineData("Server=db;Port=5432", false, true)]
    [InlineData("Username=app;Password=secret", false, true)]
    [InlineData("User Id=app", false, true)]
    [InlineData("postgres://app:secret@db/app", false, true)]
    [InlineData("POSTGRESQL://db/app", false, true)]
    [InlineData("foo=bar", false, false)]
    [InlineData("", false, false)]
    [InlineData("mysql://db/app", false, false)]
    public void A_connection_string_is_accepted_by_the_provider_of_its_engine_only(string connectionString, bool sqlite, bool postgres)
    {
        Assert.Equal(sqlite, new SqliteProvider().Accepts(connectionString));
        Assert.Equal(postgres, new PostgresProvider().Accepts(connectionString));
    }

    [Theory]
    [InlineData("Host=db;Password=secret;Database=app", "Host=db;Password=***;Database=app")]
    [InlineData("postgres://app:secret@db/app", "postgres://app:***@db/app")]
    [InlineData("foo=bar;pwd='a;b'", "foo=bar;pwd=***")]
    public void A_connection_string_no_driver_parses_is_printed_without_its_password(string connectionString, string printed) =>
        Assert.Equal(printed, ConnectionStrings.RedactUnparsed(connectionString));
}
