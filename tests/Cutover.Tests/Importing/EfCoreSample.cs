using Cutover.Importing;

namespace Cutover.Tests.Importing;

/// <summary>
/// A real EF Core project made once per test class: a net10.0 project on Microsoft.EntityFrameworkCore.Sqlite, with
/// dotnet-ef as a local tool (so a fresh machine needs nothing installed by hand), and three migrations made by
/// `dotnet ef migrations add` after changing the model: customers, then orders with a foreign key to them, then a
/// column with a default and a unique index. It lives in a temporary folder outside the repository, so the
/// repository's central package versions do not apply to it; it restores from the user's NuGet feeds.
/// </summary>
public sealed class EfCoreSample : IAsyncLifetime
{
    /// <summary>Holds the local tool manifest, and the projects each in a folder of its own.</summary>
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cutover-tests", "efcore-" + Guid.NewGuid().ToString("N"));

    /// <summary>The sample project's folder.</summary>
    public string Folder => Path.Combine(_root, "Shop");

    /// <summary>EF Core's ids of the three migrations, oldest first.</summary>
    public IReadOnlyList<string> MigrationIds { get; private set; } = [];

    public string Project => Path.Combine(Folder, "Shop.csproj");

    /// <summary>A project with a DbContext and no migrations.</summary>
    public string EmptyProject => Path.Combine(_root, "Empty", "Empty.csproj");

    /// <summary>A project that does not compile.</summary>
    public string BrokenProject => Path.Combine(_root, "Broken", "Broken.csproj");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await WriteProjectAsync(Project);
        await WriteProjectAsync(EmptyProject);
        await File.WriteAllTextAsync(Path.Combine(_root, "Empty", "Empty.cs"),
            "using Microsoft.EntityFrameworkCore;\npublic class EmptyContext : DbContext\n{\n    protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite(\"Data Source=empty.db\");\n}\n");
        await WriteProjectAsync(BrokenProject);
        await File.WriteAllTextAsync(Path.Combine(_root, "Broken", "Broken.cs"), "public class Broken { public int Id { get; set; } = \"not a number\"; }\n");
        // The manifest above the projects: `dotnet ef` finds it from any of their folders, as from a repository's.
        await DotnetInAsync(_root, "new", "tool-manifest");
        await DotnetInAsync(_root, "tool", "install", "dotnet-ef", "--version", EfCoreTool.ToolVersion);
        await WriteModelAsync(stage: 1);
        // `dotnet ef migrations add` builds, but reads the project's metadata first, which needs the packages restored.
        await DotnetAsync("restore");
        await DotnetAsync("ef", "migrations", "add", "CreateCustomers");
        await WriteModelAsync(stage: 2);
        await DotnetAsync("ef", "migrations", "add", "AddOrders");
        await WriteModelAsync(stage: 3);
        await DotnetAsync("ef", "migrations", "add", "AddCustomerRank");
        MigrationIds = Directory.GetFiles(Path.Combine(Folder, "Migrations"), "*.cs")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.EndsWith(".Designer", StringComparison.Ordinal) && !n.EndsWith("ModelSnapshot", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList()!;
        Assert.Equal(3, MigrationIds.Count);
    }

    private static async Task WriteProjectAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="{EfCoreTool.ToolVersion}" />
                <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="{EfCoreTool.ToolVersion}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
    }

    /// <summary>Applies the migrations up to <paramref name="target"/> (all when null) to <paramref name="connectionString"/>, as EF Core does it.</summary>
    public Task DatabaseUpdateAsync(string connectionString, string? target = null) =>
        target is null
            ? DotnetAsync("ef", "database", "update", "--no-build", "--connection", connectionString)
            : DotnetAsync("ef", "database", "update", target, "--no-build", "--connection", connectionString);

    private Task WriteModelAsync(int stage) => File.WriteAllTextAsync(Path.Combine(Folder, "Shop.cs"), $$"""
        using Microsoft.EntityFrameworkCore;

        public class Customer
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
        {{(stage >= 3 ? "    public int Rank { get; set; }" : "")}}
        {{(stage >= 2 ? "    public List<Order> Orders { get; } = [];" : "")}}
        }

        {{(stage >= 2 ? "public class Order { public int Id { get; set; } public int CustomerId { get; set; } public Customer Customer { get; set; } = null!; public decimal Total { get; set; } }" : "")}}

        public class ShopContext : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
        {{(stage >= 2 ? "    public DbSet<Order> Orders => Set<Order>();" : "")}}

            protected override void OnConfiguring(DbContextOptionsBuilder options) => options.UseSqlite("Data Source=shop.db");

            protected override void OnModelCreating(ModelBuilder model)
            {
        {{(stage >= 3 ? "        model.Entity<Customer>().Property(c => c.Rank).HasDefaultValue(3);" : "")}}
        {{(stage >= 3 ? "        model.Entity<Customer>().HasIndex(c => c.Name).IsUnique();" : "")}}
            }
        }
        """);

    private Task DotnetAsync(params string[] arguments) => DotnetInAsync(Folder, arguments);

    private static async Task DotnetInAsync(string folder, params string[] arguments)
    {
        var result = await DotnetProcess.RunAsync(folder, arguments, CancellationToken.None);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}
