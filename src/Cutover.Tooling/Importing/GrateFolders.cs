namespace Cutover.Importing;

/// <summary>
/// grate's default folders under <c>--sqlfilesdirectory</c> and how it runs the scripts in each: <c>up</c> once, in
/// order; the others anytime (again whenever the file changes) or every time. Only <c>up</c> has a Cutover equivalent.
/// </summary>
internal static class GrateFolders
{
    /// <summary>The folder of one-time scripts.</summary>
    public const string Up = "up";

    private const string AnyTime = "an anytime script (grate runs it again whenever it changes): Cutover has no repeatable scripts; " +
        "when the view, function or index it defines changes, write the new definition into a new migration (`cutover new`), starting from this file's text";

    private const string EveryTime = "an everytime script (grate runs it on every migration): Cutover has no repeatable scripts; " +
        "put what must hold after each deployment into a migration, or run it from your deployment";

    private const string Admin = "a database-level script (grate runs it on the admin connection to create, alter or drop the database): " +
        "Cutover migrates a database that exists; create it before `cutover up`";

    /// <summary>Why a file in one of grate's other folders is not imported; null for <c>up</c> and for folders grate does not know.</summary>
    public static string? SkipReason(string folder) => folder.ToLowerInvariant() switch
    {
        "createdatabase" or "alterdatabase" or "dropdatabase" => Admin,
        "runaftercreatedatabase" or "runbeforeup" or "runfirstafterup" or "functions" or "views" or "sprocs" or "triggers" or "indexes"
            or "runafterotheranytimescripts" => AnyTime,
        "beforemigration" or "permissions" or "aftermigration" => EveryTime,
        _ => null,
    };

    /// <summary>Why a file under <c>up/</c> is not imported although it is there: grate runs it every time, or only in some environments.</summary>
    public static string? SkipReasonInUp(string fileName)
    {
        if (fileName.StartsWith("everytime.", StringComparison.OrdinalIgnoreCase) || fileName.Contains(".everytime.", StringComparison.OrdinalIgnoreCase))
            return EveryTime;
        if (fileName.Contains(".env.", StringComparison.OrdinalIgnoreCase) || fileName.StartsWith("env.", StringComparison.OrdinalIgnoreCase))
            return "an environment script (grate runs it only when --env names an environment in its name): a Cutover migration runs everywhere; " +
                "import it by hand if every environment needs it";
        return null;
    }
}
