namespace Cutover.Importing;

/// <summary>Flyway's version order: part by part as numbers, missing trailing parts counting as 0 (so 1 = 1.0 and 1.10 &gt; 1.9).</summary>
internal sealed class FlywayVersionComparer : IComparer<IReadOnlyList<long>?>
{
    public static readonly FlywayVersionComparer Instance = new();

    public int Compare(IReadOnlyList<long>? x, IReadOnlyList<long>? y)
    {
        x ??= [];
        y ??= [];
        for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
        {
            var order = (i < x.Count ? x[i] : 0).CompareTo(i < y.Count ? y[i] : 0);
            if (order != 0)
                return order;
        }
        return 0;
    }

    /// <summary>The numbers of a version as written, or null when it is not one (e.g. <c>&lt;&lt; Flyway Baseline &gt;&gt;</c>).</summary>
    public static IReadOnlyList<long>? Parse(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
            return null;
        var parts = new List<long>();
        foreach (var part in version.Split('.', '_'))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                return null;
            parts.Add(number);
        }
        return parts;
    }
}
