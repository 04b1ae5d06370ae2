using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Schema.SchemaText;

namespace Cutover.Postgres;

/// <summary>
/// rename-table in PostgreSQL: expand creates a view with the new name in the version schema (<c>SELECT *</c> of the
/// table: automatically updatable, so inserts get the table's defaults and RETURNING works); complete drops it and
/// renames the table in the same transaction, so the new version finds the table under the name it already uses.
/// </summary>
internal static class PostgresRenameTable
{
    public static OperationPlan Plan(OperationTarget target, RenameTable op)
    {
        var source = target.Table;
        var table = $"{Quote(source.Schema)}.{Quote(source.Name)}";
        var versionSchema = PostgresOperations.VersionSchema(target.MigrationId);
        var schema = Quote(versionSchema);
        var view = $"{schema}.{Quote(op.NewName)}";
        var expand = $"-- cutover:up\nCREATE SCHEMA IF NOT EXISTS {schema};\nCREATE VIEW {view} AS SELECT * FROM {table};\n";
        var removeShape = $"DROP VIEW IF EXISTS {view};\n" +
                          $"DO $cutover$ BEGIN IF NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '{versionSchema}') THEN DROP SCHEMA IF EXISTS {schema}; END IF; END $cutover$;\n";
        var complete = "-- cutover:up\n" + removeShape + $"ALTER TABLE IF EXISTS {table} RENAME TO {Quote(op.NewName)};\n";
        var shape = $"SELECT set_config('search_path', '{schema.Replace("'", "''", StringComparison.Ordinal)}, ' || current_setting('search_path'), false)";
        return new OperationPlan(expand, "-- cutover:down\n" + removeShape, complete, [], [shape], null, [new TableName(source.Schema, op.NewName)])
        {
            Restore = $"-- cutover:down\nALTER TABLE {Quote(source.Schema)}.{Quote(op.NewName)} RENAME TO {Quote(source.Name)};\n",
        };
    }
}
