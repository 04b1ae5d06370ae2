namespace Cutover.Dashboard;

/// <summary>
/// What the dashboard may do beyond reading, and where it finds what is not in the database. The defaults give the
/// read-only dashboard of the database the registered <see cref="Cutover.Migrator"/> reaches.
/// </summary>
public sealed class CutoverDashboardOptions
{
}
