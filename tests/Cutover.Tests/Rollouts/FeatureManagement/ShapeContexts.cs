using Microsoft.EntityFrameworkCore;

namespace Cutover.Tests.Rollouts.FeatureManagement;

/// <summary>The old version's model: bio is a column of users.</summary>
internal sealed class OldShapeContext(DbContextOptions<OldShapeContext> options) : DbContext(options)
{
    public DbSet<OldUser> Users => Set<OldUser>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<OldUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(u => u.Name).HasColumnName("name");
            e.Property(u => u.Bio).HasColumnName("bio");
        });
}

/// <summary>The new version's model: bio lives in user_profiles.</summary>
internal sealed class NewShapeContext(DbContextOptions<NewShapeContext> options) : DbContext(options)
{
    public DbSet<NewUser> Users => Set<NewUser>();

    public DbSet<Profile> Profiles => Set<Profile>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<NewUser>(e =>
        {
            e.ToTable("users");
            e.Property(u => u.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(u => u.Name).HasColumnName("name");
        });
        modelBuilder.Entity<Profile>(e =>
        {
            // On SQLite the new shape is a view with INSTEAD OF triggers, and SQLite refuses RETURNING on a view.
            e.ToTable("user_profiles", t => t.UseSqlReturningClause(false));
            e.HasKey(p => p.UserId);
            e.Property(p => p.UserId).HasColumnName("user_id").ValueGeneratedNever();
            e.Property(p => p.Bio).HasColumnName("bio");
        });
    }
}

internal sealed class OldUser
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Bio { get; set; }
}

internal sealed class NewUser
{
    public int Id { get; set; }

    public string? Name { get; set; }
}

internal sealed class Profile
{
    public int UserId { get; set; }

    public string? Bio { get; set; }
}
