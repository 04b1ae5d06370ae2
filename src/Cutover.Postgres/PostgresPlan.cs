using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>Reads a query's plan on PostgreSQL with <c>EXPLAIN (FORMAT JSON)</c>, without running it.</summary>
internal static class PostgresPlan
{
    public static async Task<IReadOnlyList<QueryPlanNode>> ExplainAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        var json = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(json) ? [] : Reduce(json);
    }

    /// <summary>The plan's nodes depth-first in plan order, each as (node type, relation).</summary>
    public static IReadOnlyList<QueryPlanNode> Reduce(string json)
    {
        using var document = JsonDocument.Parse(json);
        var nodes = new List<QueryPlanNode>();
        foreach (var statement in document.RootElement.EnumerateArray())
        {
            if (statement.TryGetProperty("Plan", out var plan))
            {
                Walk(plan, nodes);
            }
        }
        return nodes;
    }

    private static void Walk(JsonElement node, List<QueryPlanNode> nodes)
    {
        var type = node.TryGetProperty("Node Type", out var t) ? t.GetString() ?? "?" : "?";
        var relation = node.TryGetProperty("Relation Name", out var r) ? r.GetString() : null;
        nodes.Add(new QueryPlanNode(type, relation));
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Walk(child, nodes);
            }
        }
    }
}
