using System.Globalization;
using Cutover.Files;

namespace Cutover.Workflows;

/// <summary>Checks of the migration ids a caller passes in options, before anything is read from the database.</summary>
internal static class MigrationIds
{
    public static void Validate(string id, string option)
    {
        if (id.Length != 14 || !id.All(char.IsAsciiDigit)
            || !DateTime.TryParseExact(id, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            throw new InvalidOptionException(option, $"'{id}'", "not a migration id (14 digits, yyyyMMddHHmmss UTC)");
    }

    public static void RequireFile(IReadOnlyList<MigrationFile> files, string id, string option)
    {
        if (!files.Any(f => f.Id == id))
            throw new InvalidOptionException(option, id, "no migration file has this id");
    }
}
