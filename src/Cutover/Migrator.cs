using Cutover.History;
using Cutover.Running;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cutover;

/// <summary>
/// Applies, rolls back and inspects migrations on one database. Everything the <c>cutover</c> CLI
/// does against a database goes through this type, so an application can do the same in code.
/// Errors meant for the user are thrown as <see cref="CutoverException"/>.
/// </summary>
public sealed partial class Migrator
{
    private readonly CutoverOptions _options;
    private readonly IDatabaseProvider _provider;
    private readonly ILogger _logger;

    /// <summary>Creates a migrator for the database and migrations folder in <paramref name="options"/>.</summary>
    public Migrator(CutoverOptions options, IDatabaseProvider provider, ILogger<Migrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        _options = options;
        _provider = provider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The provider in use.</summary>
    public IDatabaseProvider Provider => _provider;

    /// <summary>The connection string with secrets removed.</summary>
    public string RedactedConnection => _provider.Redact(_options.ConnectionString);
}
