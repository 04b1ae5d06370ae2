namespace BootstrapApp.Data;

/// <summary>One line of the /users table; queries name their columns after its parameters (<c>display_name AS DisplayName</c>).</summary>
public sealed record UserRow(long Id, string Name, string Email, string DisplayName, string Group, string? Company, string? Location);

/// <summary>What the profile form edits.</summary>
public sealed record ProfileFields(string DisplayName, string? Bio, string? Location, string? Company, string? Website, string? Theme);

/// <summary>One user's stored permissions, as text in whichever shape the connection sees.</summary>
public sealed record StoredPermissions(string Name, string Text);

/// <summary>
/// The profile query's row (the user's name, then the form's fields), and the form's fields as a save's parameters
/// (<c>@id</c>, <c>@DisplayName</c>, <c>@Bio</c>, …).
/// </summary>
internal sealed record ProfileRow(string Name, string DisplayName, string? Bio, string? Location, string? Company, string? Website, string? Theme)
{
    public (string Name, ProfileFields Fields) ToProfile() => (Name, new ProfileFields(DisplayName, Bio, Location, Company, Website, Theme));

    public static object Parameters(long id, ProfileFields fields) =>
        new { id, fields.DisplayName, fields.Bio, fields.Location, fields.Company, fields.Website, fields.Theme };
}
