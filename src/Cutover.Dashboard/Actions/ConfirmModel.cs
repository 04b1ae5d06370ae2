using Cutover.Dashboard.Pages;

namespace Cutover.Dashboard.Actions;

/// <summary>
/// The confirmation page: the plan, and the form that carries it out — the antiforgery token, the object's id, the
/// page to return to and the action's values, all as hidden fields, posted to <see cref="PostUrl"/>.
/// </summary>
internal sealed record ConfirmModel(PageContext Page, ActionPlan Plan, string PostUrl, string CancelUrl, string TokenField, string Token, IReadOnlyList<KeyValuePair<string, string>> Hidden);
