using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cutover.Hosting;

/// <summary>Adds Cutover's health check to <c>services.AddHealthChecks()</c>.</summary>
public static class CutoverHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check, named <paramref name="name"/>, that reports pending, failed and backfilling migrations, operation
    /// migrations between expand and complete, and schema drift, with the statuses in <paramref name="options"/>; the result's
    /// data lists each (keys <c>pending</c>, <c>failed</c>, <c>backfilling</c>, <c>operationsInWindow</c>, <c>drift</c>,
    /// <c>migrations</c>). Needs <c>AddCutover</c>. A database that cannot be reached reports <paramref name="failureStatus"/>
    /// (unhealthy when null).
    /// </summary>
    public static IHealthChecksBuilder AddCutover(this IHealthChecksBuilder builder, CutoverHealthCheckOptions? options = null, string name = "cutover",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var checkOptions = options ?? new CutoverHealthCheckOptions();
        return builder.Add(new HealthCheckRegistration(name, sp => new CutoverHealthCheck(sp.GetRequiredService<Migrator>(), checkOptions), failureStatus, tags, timeout));
    }
}
