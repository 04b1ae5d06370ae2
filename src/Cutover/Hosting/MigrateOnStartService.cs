using Cutover.Logging;
using Cutover.Running;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cutover.Hosting;

/// <summary>Applies pending migrations as the host starts; an exception here stops the host.</summary>
internal sealed class MigrateOnStartService(Migrator migrator, ILogger<MigrateOnStartService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var result = await migrator.UpAsync(new UpOptions(), cancellationToken).ConfigureAwait(false);
        CutoverLog.MigratedOnStart(logger, result.Migrations.Count, result.ElapsedMs);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
