using OdooGateAction.Core.Evaluation;

namespace OdooGateAction.Core.Rendering;

/// <summary>How a decision reads to a person: allowed, blocked, or only waiting for checks.</summary>
public enum Verdict
{
    Allowed,
    Blocked,

    /// <summary>Blocked only by checks that are still running or have not reported (no failure, no freeze).</summary>
    Waiting,
}

/// <summary>
/// How a human rendering words names from outside: <paramref name="Name"/> for identifiers (check names, logins, teams,
/// labels, commands: escaped code in Markdown, quoted in the log), <paramref name="Text"/> for prose from the
/// configuration (gate and persona names).
/// </summary>
public sealed record Wording(Func<string, string> Name, Func<string, string> Text);

/// <summary>
/// The next steps of a report, for every human rendering (Markdown comment, job summary, check runs, text report):
/// the verdict, and per blocking gate what is wrong, who owns it, and what would unblock it — its checks
/// (<see cref="CheckWords"/>, by reason code), or an override where this target allows one. Personas are named with
/// their GitHub teams and users as written, never with an <c>@</c>: nobody is notified by a rendering.
/// </summary>
public static class NextSteps
{
    public static Verdict VerdictOf(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Decision == Decision.Allow)
        {
            return Verdict.Allowed;
        }

        return report.ActiveFreezes.Count == 0 && report.BlockingReasons.Count > 0
            && report.BlockingReasons.All(r => r.CheckResult is { } check && CheckWords.Waits(check))
            ? Verdict.Waiting
            : Verdict.Blocked;
    }

    /// <summary>The required gates that block, in gate order.</summary>
    public static IReadOnlyList<GateReport> BlockingGates(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Gates.Where(g => g.Required && g.Status is not (GateStatus.Passed or GateStatus.Overridden))];
    }

    /// <summary>The required checks of a gate that did not pass, in mapping order.</summary>
    public static IReadOnlyList<CheckReport> BlockingChecks(GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return [.. gate.Checks.Where(c => c.Required && c.Outcome != CheckOutcome.Passed)];
    }

    /// <summary>
    /// What a waiting decision waits for, in gate and mapping order, each worded through <paramref name="name"/>: a check
    /// by its pattern (<c>install-modules</c>), a review by its persona (<c>release_manager</c> approval).
    /// </summary>
    public static IReadOnlyList<string> WaitingFor(EvaluationReport report, Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(name);
        return [.. report.BlockingReasons
            .Where(r => r.CheckResult is not null)
            .Select(r => r.CheckResult!.Kind == "review" ? $"{name(r.CheckResult.Pattern)} approval" : name(r.CheckResult.Pattern))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What is wrong with a blocking gate: its blocking checks' problems, by reason code.</summary>
    public static string Problem(GateReport gate, Wording words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return CheckWords.Problem(BlockingChecks(gate), words.Name);
    }

    /// <summary>What fixes a blocking gate's checks, by reason code; a persona to ask is named with its teams and users.</summary>
    public static string Fix(EvaluationReport report, GateReport gate, Wording words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return CheckWords.Next(BlockingChecks(gate), words.Name, id => Persona(report, id, words));
    }

    /// <summary>What would unblock a gate: its checks' fixes, then its override route (or why there is none).</summary>
    public static string Unblock(EvaluationReport report, GateReport gate, Wording words)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var next = Fix(report, gate, words);
        return Override(report, gate.Id, words) switch
        {
            null => next,
            { } route when route.StartsWith("or ", StringComparison.Ordinal) => $"{next}, {route}",
            { } route => $"{next}; {route}",
        };
    }

    /// <summary>A persona by name with its GitHub teams and users: "Odoo QA / Release Tester (<c>acme/odoo-qa</c>)"; its id when unknown.</summary>
    public static string Persona(EvaluationReport report, string id, Wording words)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(words);
        if (report.Unblocking.Persona(id) is not { } persona)
        {
            return words.Name(id);
        }

        var identities = persona.Teams.Concat(persona.Users).Select(words.Name).ToList();
        return identities.Count == 0 ? words.Text(persona.Name) : $"{words.Text(persona.Name)} ({string.Join(", ", identities)})";
    }

    /// <summary>Whether <paramref name="gate"/> may be overridden for the report's target at all.</summary>
    public static bool Overridable(EvaluationReport report, string gate)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Unblocking.Overridable(gate);
    }

    /// <summary>
    /// The override route of a blocking gate for this target, or why there is none: "a release manager … applies the
    /// label … and comments …", the two-person rule where it applies; "may not be overridden for production" otherwise.
    /// <c>null</c> when the report does not know the override rules.
    /// </summary>
    public static string? Override(EvaluationReport report, string gate, Wording words)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(words);
        var rules = report.Unblocking;
        if (rules.LabelPrefix.Length == 0)
        {
            return null;
        }

        if (rules.OverrideForbidden(gate))
        {
            return $"{words.Text(gate)} may not be overridden for {words.Name(report.Target)}: only its checks can pass it";
        }

        var may = rules.MayOverride(gate);
        if (may.Count == 0)
        {
            return $"no persona may override {words.Text(gate)} (may_override in personas.yaml): only its checks can pass it";
        }

        var who = string.Join(" or ", may.Select(p => Persona(report, p.Id, words)));
        var label = words.Name(rules.LabelPrefix + gate);
        var command = words.Name($"{rules.ReasonCommand} {gate}: <reason>");
        if (rules.TwoPersonRule.Count == 0)
        {
            return $"or override: {who} applies the label {label} and comments {command}";
        }

        // Personas named with their teams and users once: those of the labeller above are named only.
        string Named(string id) => may.Any(p => string.Equals(p.Id, id, StringComparison.Ordinal)) && rules.Persona(id) is { } known
            ? words.Text(known.Name)
            : Persona(report, id, words);
        var people = rules.TwoPersonRule.Count == 1
            ? $"two different people of {Named(rules.TwoPersonRule[0])}"
            : "one " + string.Join(" and one ", rules.TwoPersonRule.Select(Named));
        return $"or override with two people: {who} applies the label {label}; {people} each comment {command} after the latest push";
    }
}
