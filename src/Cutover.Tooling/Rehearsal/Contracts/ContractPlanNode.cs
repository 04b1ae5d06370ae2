namespace Cutover.Rehearsal.Contracts;

/// <summary>One node of a query plan, reduced to what plan comparisons look at.</summary>
/// <param name="NodeType">The planner's node type, e.g. <c>Seq Scan</c>, <c>Index Scan</c>, <c>Hash Join</c>.</param>
/// <param name="Relation">The table the node reads, for scan nodes; otherwise null.</param>
public sealed record ContractPlanNode(string NodeType, string? Relation)
{
    /// <summary><c>Seq Scan on users</c>, or the node type alone.</summary>
    public override string ToString() => Relation is null ? NodeType : $"{NodeType} on {Relation}";
}
