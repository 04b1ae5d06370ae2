namespace Cutover.Importing;

/// <summary>The script names a tool journaled, and the table they came from.</summary>
/// <param name="Table">The journal table, as it was read.</param>
/// <param name="Scripts">The names, in the table's order.</param>
public sealed record JournaledScripts(string Table, IReadOnlyList<string> Scripts);
