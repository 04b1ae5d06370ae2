using Microsoft.Extensions.Options;

namespace Cutover.Hosting;

/// <summary>
/// Builds the <see cref="CutoverOptions"/> of a host. The options are immutable, so the usual factory (create, then
/// configure in place) cannot make them; this one calls the application's function once, resolves a relative
/// migrations folder against the application's base directory and runs the validators, which
/// <c>ValidateOnStart</c> makes happen as the host starts rather than at the first migration.
/// </summary>
internal sealed class CutoverOptionsFactory(
    Func<IServiceProvider, CutoverOptions> create, IServiceProvider services, IEnumerable<IValidateOptions<CutoverOptions>> validators) : IOptionsFactory<CutoverOptions>
{
    public CutoverOptions Create(string name)
    {
        var options = AgainstBaseDirectory(create(services) ?? throw new InvalidOperationException("the function given to AddCutover returned no options"));
        foreach (var validator in validators)
        {
            var result = validator.Validate(name, options);
            if (result.Failed)
                throw new OptionsValidationException(name, typeof(CutoverOptions), result.Failures);
        }
        return options;
    }

    /// <summary>
    /// A hosted application is started by a service manager, a container or a test runner, each in a working directory of
    /// its own; the folder deployed beside the application is the one meant. Embedded migrations have no folder on disk.
    /// </summary>
    internal static CutoverOptions AgainstBaseDirectory(CutoverOptions options) =>
        options.MigrationsAssembly is null && !string.IsNullOrWhiteSpace(options.MigrationsFolder) && !Path.IsPathRooted(options.MigrationsFolder)
            ? options with { MigrationsFolder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, options.MigrationsFolder)) }
            : options;
}
