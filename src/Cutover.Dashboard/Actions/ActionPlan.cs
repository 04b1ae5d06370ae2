namespace Cutover.Dashboard.Actions;

/// <summary>
/// What the confirmation page of an action says before anything happens: the object and its current state
/// (<see cref="Facts"/>), what the action will do (<see cref="Consequence"/>), and the button that does it. When the
/// object's state does not allow the action, <see cref="Blocked"/> says why and the page offers no button.
/// </summary>
internal sealed record ActionPlan(
    string Title,
    IReadOnlyList<ActionFact> Facts,
    string Consequence,
    string Button,
    string ButtonClass,
    string MigrationId)
{
    public string? Blocked { get; init; }

    /// <summary>Values posted back with the form besides the id (the rollout's new percent, users and groups).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; } = [];

    /// <summary>
    /// Values still to be chosen (the rollout's): the page then shows them in a form that asks for this confirmation
    /// again with them filled in (a GET, which changes nothing), instead of the form that does the action.
    /// </summary>
    public IReadOnlyList<ActionField>? Inputs { get; init; }
}

/// <summary>A value the person chooses on the confirmation page: its field name, label, current value and how to write it.</summary>
internal sealed record ActionField(string Name, string Label, string Value, string Help);

/// <summary>One line of what the object is now: a label and its value, shown as text.</summary>
internal sealed record ActionFact(string Label, string Value);
