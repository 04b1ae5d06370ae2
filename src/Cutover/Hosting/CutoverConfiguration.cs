using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cutover.Hosting;

/// <summary>Reads <see cref="CutoverOptions"/> from a configuration section with the binder's generated code (no reflection, so AOT-safe).</summary>
internal static class CutoverConfiguration
{
    /// <exception cref="OptionsValidationException">A key is unknown (a typo would otherwise be ignored) or its value does not convert.</exception>
    public static CutoverOptions Read(IConfiguration section)
    {
        CutoverSection? bound;
        try
        {
            bound = section.Get<CutoverSection>(binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the path of the key ("… at 'Cutover:LockWait' to type 'System.TimeSpan'").
            throw new OptionsValidationException(Options.DefaultName, typeof(CutoverOptions), [e.Message]);
        }
        return (bound ?? new CutoverSection()).ToOptions();
    }
}
