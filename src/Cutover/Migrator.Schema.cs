using Cutover.Schema;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>
    /// Reads the live database's schema model (Cutover's own tables excluded). Writes nothing; a SQLite
    /// file that does not exist reads as an empty schema.
    /// </summary>
    public async Task<SchemaModel> ReadSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        return await _provider.ReadSchemaAsync(connection, _options.Schemas, cancellationToken).ConfigureAwait(false);
    }
}
