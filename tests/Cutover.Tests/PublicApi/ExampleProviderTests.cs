using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cutover.ExampleProvider;

namespace Cutover.Tests.PublicApi;

/// <summary>
/// The claim of tests/Cutover.ExampleProvider, checked rather than trusted: it is built from the engine's public API
/// alone. The engine grants it no InternalsVisibleTo, it does not ask to ignore access checks, and it references
/// nothing but the engine, its driver and the framework. With those, a provider that passes the conformance suite
/// (<see cref="Specification.ExampleProviderMigratorTests"/>) shows a third party can write one.
/// </summary>
public sealed class ExampleProviderTests
{
    private static readonly Assembly Example = typeof(ExampleSqliteProvider).Assembly;

    [Fact]
    public void The_engine_grants_the_example_provider_no_access_to_its_internals()
    {
        var friends = typeof(Migrator).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim()).ToList();

        Assert.NotEmpty(friends); // the test really reads the attributes: the engine has friends (Cutover.Tests)
        Assert.DoesNotContain(Example.GetName().Name, friends);
        Assert.DoesNotContain("Cutover.ExampleRunner", friends);
    }

    [Fact]
    public void The_example_provider_does_not_ask_to_ignore_access_checks()
    {
        // IgnoresAccessChecksToAttribute is declared by whoever uses it, so it is matched by name.
        Assert.DoesNotContain(Example.GetCustomAttributesData(), a => a.AttributeType.Name == "IgnoresAccessChecksToAttribute");
    }

    [Fact]
    public void The_example_provider_references_only_the_engine_its_driver_and_the_framework()
    {
        var beyondFramework = Example.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => !IsFramework(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["Cutover", "Microsoft.Data.Sqlite"], beyondFramework);
    }

    [Fact]
    public void The_example_provider_implements_no_optional_capability()
    {
        var provider = new ExampleSqliteProvider();

        Assert.IsNotType<IBackfillPressureProbe>(provider, exactMatch: false);
        Assert.IsNotType<ITableLockWatcher>(provider, exactMatch: false);
        Assert.IsNotType<IDatabaseCopier>(provider, exactMatch: false);
    }

    /// <summary>An assembly of the shared framework the tests run on (System.*, netstandard …): it loads from the runtime's own folder.</summary>
    private static bool IsFramework(string name)
    {
        try
        {
            var location = Assembly.Load(new AssemblyName(name)).Location;
            return Path.GetFullPath(Path.GetDirectoryName(location)!).TrimEnd(Path.DirectorySeparatorChar)
                == Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()).TrimEnd(Path.DirectorySeparatorChar);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
