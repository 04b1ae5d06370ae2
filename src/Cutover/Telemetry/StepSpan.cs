using System.Diagnostics;

namespace Cutover.Telemetry;

/// <summary>
/// The span and duration of one step. A step leaves its loop by continue, return or an exception the runner turns into
/// another, so the outcome is what was said last before disposal: a step that was not said to succeed failed.
/// </summary>
internal sealed class StepSpan : IDisposable
{
    private readonly Activity? _activity;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string _migrationId;
    private readonly string _kind;
    private bool _succeeded;

    public StepSpan(string migrationId, string direction, int number, string kind)
    {
        (_migrationId, _kind) = (migrationId, kind);
        _activity = CutoverTelemetry.Source.StartActivity("cutover.step");
        _activity?.SetTag(CutoverTelemetry.MigrationId, migrationId);
        _activity?.SetTag(CutoverTelemetry.Direction, direction);
        _activity?.SetTag(CutoverTelemetry.StepNumber, number);
        _activity?.SetTag(CutoverTelemetry.StepKind, kind);
    }

    public void Succeeded() => _succeeded = true;

    public void Dispose()
    {
        if (!_succeeded)
            _activity?.SetStatus(ActivityStatusCode.Error, "the step failed");
        CutoverTelemetry.StepDone(_migrationId, _kind, _clock.Elapsed, _succeeded ? "ok" : "failed");
        _activity?.Dispose();
    }
}
