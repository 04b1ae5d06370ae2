using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cutover.FeatureManagement.EntityFrameworkCore;

/// <summary>Wires <see cref="RequestShapeInterceptor"/> into a DbContext.</summary>
public static class CutoverShapeDbContextOptionsExtensions
{
    /// <summary>
    /// Gives the context's connections the shape of the request it serves. Use it in
    /// <c>AddDbContext&lt;T&gt;((services, options) =&gt; options.UseSqlite(cs).UseCutoverShape(services))</c>: the
    /// <paramref name="services"/> there are the request's scope, whose <see cref="RequestShape"/> decides.
    /// </summary>
    public static DbContextOptionsBuilder UseCutoverShape(this DbContextOptionsBuilder options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return options.AddInterceptors(new RequestShapeInterceptor(services.GetRequiredService<RequestShape>()));
    }
}
