using System.Data.Common;
using Cutover.Rollouts;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Cutover.FeatureManagement;

/// <summary>
/// The shape of one migration's data that one request (one DI scope) works with: the new shape when the migration's flag
/// is on for the request's user, the old one otherwise. Decided once per scope, on the first question, so that every
/// connection a request opens sees the same shape. The one injected is for <see cref="CutoverRolloutOptions.MigrationId"/>;
/// <see cref="RequestShapes.For"/> gives one for another migration (a second feature rolled out on its own flag).
/// </summary>
public sealed class RequestShape
{
    private readonly IVariantFeatureManager _features;
    private readonly ShapeCache _cache;
    private readonly Migrator _migrator;
    private readonly CutoverRolloutOptions _options;
    private bool? _isNew;

    internal RequestShape(string migrationId, IVariantFeatureManager features, ShapeCache cache, Migrator migrator, CutoverRolloutOptions options)
    {
        MigrationId = migrationId;
        _features = features;
        _cache = cache;
        _migrator = migrator;
        _options = options;
    }

    /// <summary>The migration whose shapes this chooses between; its new shape includes every expanded migration before it.</summary>
    public string MigrationId { get; }

    /// <summary>The flag that decides: <c>cutover:&lt;migration id&gt;</c>.</summary>
    public string Flag => RolloutState.FlagOf(MigrationId);

    /// <summary>
    /// Whether this request gets the new shape, by the flag and the ambient targeting context (the
    /// <see cref="ITargetingContextAccessor"/> given to <c>WithTargeting</c>): a user in the rollout, or everyone once the
    /// migration is completed.
    /// </summary>
    public async ValueTask<bool> IsNewAsync(CancellationToken cancellationToken = default) =>
        _isNew ??= await _features.IsEnabledAsync(Flag, cancellationToken).ConfigureAwait(false);

    /// <summary>Decides this request's shape for <paramref name="user"/> instead of the ambient targeting context (a job, a message handler).</summary>
    public async ValueTask<bool> IsNewAsync(ITargetingContext user, CancellationToken cancellationToken = default) =>
        _isNew ??= await _features.IsEnabledAsync(Flag, user, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Opens a connection of this request's shape: for ADO.NET and Dapper. On the new shape it is opened with the provider's
    /// <see cref="IDatabaseProvider.NewShapeConnectionString"/> (so pools never mix shapes) and given the shape's statements.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var isNew = await IsNewAsync(cancellationToken).ConfigureAwait(false);
        var connectionString = _options.ConnectionString ?? _migrator.Options.ConnectionString;
        var connection = _options.CreateConnection!(isNew ? _migrator.Provider.NewShapeConnectionString(connectionString) : connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The connection string to open <paramref name="connectionString"/>'s connections of this request's shape with: the same
    /// string on the old shape. For connections the application creates itself (EF Core's, through the interceptor).
    /// </summary>
    public async ValueTask<string> ConnectionStringAsync(string connectionString, CancellationToken cancellationToken = default) =>
        await IsNewAsync(cancellationToken).ConfigureAwait(false) ? _migrator.Provider.NewShapeConnectionString(connectionString) : connectionString;

    /// <summary>
    /// Gives an open <paramref name="connection"/> this request's shape: nothing on the old shape, the statements of
    /// <see cref="Migrator.NewShapeStatementsAsync"/> on the new one (none once the migration is completed: the tables
    /// have that shape).
    /// </summary>
    public async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!await IsNewAsync(cancellationToken).ConfigureAwait(false))
            return;
        var snapshot = await _cache.GetAsync(MigrationId, cancellationToken).ConfigureAwait(false);
        try
        {
            await RunAsync(connection, snapshot.NewShapeStatements, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException) when (snapshot.Window == ShapeWindow.Open)
        {
            // The answer may predate a complete that dropped the views its statements name (on SQLite they check for them
            // before creating anything). Read the state again; if it moved on, its statements are the right ones now.
            var fresh = await _cache.RefreshAsync(MigrationId, snapshot, cancellationToken).ConfigureAwait(false);
            if (fresh.Window == ShapeWindow.Open && fresh.NewShapeStatements.SequenceEqual(snapshot.NewShapeStatements, StringComparer.Ordinal))
                throw;
            await RunAsync(connection, fresh.NewShapeStatements, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
