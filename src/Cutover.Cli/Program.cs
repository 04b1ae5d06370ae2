using Cutover.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the run cleanly (the current step rolls back); a second one kills.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, environment: null, cancellation.Token);
