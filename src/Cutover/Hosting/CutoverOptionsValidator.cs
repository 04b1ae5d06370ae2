using Microsoft.Extensions.Options;

namespace Cutover.Hosting;

/// <summary>
/// Checks <see cref="CutoverOptions"/> when the host starts and names the one key at fault the way the application
/// wrote it: <c>Cutover:Backfill:MinBatch</c> for a configuration section, <c>CutoverOptions.Backfill.MinBatch</c>
/// for options built in code. The ranges are <see cref="OptionRanges"/>, the same a <see cref="Migrator"/> checks.
/// </summary>
internal sealed class CutoverOptionsValidator(string keyPrefix, char separator) : IValidateOptions<CutoverOptions>
{
    /// <summary>For options bound from the configuration section at <paramref name="sectionPath"/>.</summary>
    public static CutoverOptionsValidator ForSection(string sectionPath) =>
        new(sectionPath.Length == 0 ? "" : sectionPath + ":", ':');

    /// <summary>For options built in code.</summary>
    public static CutoverOptionsValidator ForCode() => new(nameof(CutoverOptions) + ".", '.');

    public ValidateOptionsResult Validate(string? name, CutoverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            return Fail(nameof(CutoverOptions.ConnectionString), "is missing: set the connection string of the target database");
        if (options.MigrationsAssembly is null && string.IsNullOrWhiteSpace(options.MigrationsFolder))
            return Fail(nameof(CutoverOptions.MigrationsFolder), "is empty: name the folder of the migration files (relative to the application's base directory)");
        try
        {
            OptionRanges.Check(options);
        }
        catch (ConfigurationException e) when (e.Setting is { } setting)
        {
            // OptionRanges words its message as "<setting> <problem>"; the key replaces the setting's C# name.
            var problem = e.Message.StartsWith(setting, StringComparison.Ordinal) ? e.Message[setting.Length..].TrimStart() : e.Message;
            return Fail(setting, problem + (e.Remedy is { } remedy ? ": " + remedy : ""));
        }
        return ValidateOptionsResult.Success;
    }

    private ValidateOptionsResult Fail(string setting, string problem) =>
        ValidateOptionsResult.Fail($"{Key(setting)} {problem}");

    private string Key(string setting) => keyPrefix + setting.Replace('.', separator);
}
