namespace Cutover.Importing;

/// <summary>One script of a tool that journals scripts by name (DbUp, grate), written as a Cutover migration file.</summary>
/// <param name="Script">The script's name as the tool journals it (DbUp: the file name; grate: the path under <c>up/</c>).</param>
/// <param name="Id">The Cutover id it got: the tool's order, one second apart from 2000-01-01.</param>
/// <param name="Path">The file written.</param>
public sealed record ImportedScript(string Script, string Id, string Path);
