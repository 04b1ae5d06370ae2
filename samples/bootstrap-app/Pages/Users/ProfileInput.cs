using System.ComponentModel.DataAnnotations;
using BootstrapApp.Data;
using Microsoft.AspNetCore.Mvc;

namespace BootstrapApp.Pages;

/// <summary>The profile form's fields, bound by the input names the markup contract fixes.</summary>
public sealed class ProfileInput
{
    [BindProperty(Name = "display_name"), Required, Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [BindProperty(Name = "bio")]
    public string? Bio { get; set; }

    [BindProperty(Name = "location")]
    public string? Location { get; set; }

    [BindProperty(Name = "company")]
    public string? Company { get; set; }

    [BindProperty(Name = "website")]
    public string? Website { get; set; }

    [BindProperty(Name = "theme")]
    public string? Theme { get; set; }

    public static ProfileInput From(ProfileFields fields) => new()
    {
        DisplayName = fields.DisplayName, Bio = fields.Bio, Location = fields.Location, Company = fields.Company,
        Website = fields.Website, Theme = fields.Theme,
    };

    public ProfileFields ToFields() => new(DisplayName.Trim(), Blank(Bio), Blank(Location), Blank(Company), Blank(Website), Blank(Theme));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
