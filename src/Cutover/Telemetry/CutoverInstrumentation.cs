namespace Cutover.Telemetry;

/// <summary>
/// The names under which Cutover reports traces and metrics through <see cref="System.Diagnostics"/>, for an application to
/// subscribe to: with OpenTelemetry, <c>.AddSource(CutoverInstrumentation.ActivitySourceName)</c> and
/// <c>.AddMeter(CutoverInstrumentation.MeterName)</c>. The spans, instruments and tags are listed in docs/library.md.
/// </summary>
public static class CutoverInstrumentation
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> of the spans <c>cutover.run</c>, <c>cutover.migration</c>, <c>cutover.step</c> and <c>cutover.backfill.batch</c>.</summary>
    public const string ActivitySourceName = "Cutover";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> of the instruments named <c>cutover.*</c>.</summary>
    public const string MeterName = "Cutover";
}
