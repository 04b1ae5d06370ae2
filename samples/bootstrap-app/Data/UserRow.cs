namespace BootstrapApp.Data;

/// <summary>One line of the /users table.</summary>
public sealed record UserRow(long Id, string Name, string Email, string DisplayName, string Group, string? Company, string? Location);

/// <summary>What the profile form edits.</summary>
public sealed record ProfileFields(string DisplayName, string? Bio, string? Location, string? Company, string? Website, string? Theme);

/// <summary>One user's stored permissions, as text in whichever shape the connection sees.</summary>
public sealed record StoredPermissions(string Name, string Text);
