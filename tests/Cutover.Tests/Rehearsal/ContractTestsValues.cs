using System.Collections;
using Cutover.Rehearsal.Contracts;

namespace Cutover.Tests.Rehearsal;

/// <summary>The text values are compared by: the same for representations a page would show the same way.</summary>
public sealed class ContractValueTextTests
{
    public static TheoryData<object?, string?> Values() => new()
    {
        { null, null },
        { DBNull.Value, null },
        { "NULL", "NULL" },
        { 7, "7" },
        { 7L, "7" },
        { 1.50m, "1.5" },
        { 100m, "100" },
        { 2.0m, "2" },
        { 1.0d, "1" },
        { 0.1d, "0.1" },
        { true, "true" },
        { new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), "2026-01-02 03:04:05" },
        { new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified), "2026-01-02 03:04:05" },
        { new DateTime(2026, 1, 2, 3, 4, 5, 250, DateTimeKind.Utc), "2026-01-02 03:04:05.25" },
        { new DateTime(2026, 1, 2), "2026-01-02" },
        { new DateOnly(2026, 1, 2), "2026-01-02" },
        { new Guid("9a8b7c6d-0000-4000-8000-00000000abcd"), "9a8b7c6d-0000-4000-8000-00000000abcd" },
        { new byte[] { 0xde, 0xad }, "\\xdead" },
        { new[] { 1, 2 }, "{1,2}" },
        { new string?[] { "a", null }, "{a,NULL}" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Values_become_canonical_text(object? value, string? text)
    {
        Assert.Equal(text, ValueText.Normalise(value));
    }

    [Fact]
    public void Two_different_collections_never_share_a_text()
    {
        Assert.NotEqual(ValueText.Normalise(new ArrayList { 1 }), ValueText.Normalise(new ArrayList { 2 }));
    }
}
