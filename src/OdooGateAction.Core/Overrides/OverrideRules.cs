using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Core.Overrides;

/// <summary>
/// The pure override rules: resolved facts of the pull requests in, one decision per override label out. No IO; the
/// time is passed in.
/// </summary>
public static class OverrideRules
{
    /// <summary>
    /// The logins whose personas must be resolved before <see cref="Decide"/>: whoever last applied each override
    /// label on the pull requests now, and the authors of reason comments naming a gate one of those labels names.
    /// Distinct (case-insensitive), sorted.
    /// </summary>
    public static IReadOnlyList<string> RelevantLogins(GateConfiguration config, IReadOnlyList<OverrideFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(facts);
        var logins = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pr in facts)
        {
            var gates = new HashSet<string>(StringComparer.Ordinal);
            foreach (var label in OverrideLabels(config, pr))
            {
                if (LatestLabeled(pr, label.Label) is { } labelled)
                {
                    logins.Add(labelled.Actor);
                }

                gates.Add(label.Gate?.Id ?? label.Name);
            }

            foreach (var comment in pr.Comments)
            {
                if (ReasonCommandParser.TryParse(comment.Body, config.Overrides.ReasonCommand, out var named, out _)
                    && gates.Contains(ResolveGate(config, named)?.Id ?? named))
                {
                    logins.Add(comment.Author);
                }
            }
        }

        return logins.ToList();
    }

    /// <summary>
    /// Decides every override label of every pull request for <paramref name="target"/>: per pull request in the
    /// order given, gates in configuration order (labels naming no gate last). Labels for gates the target does not
    /// require produce no decision.
    /// </summary>
    public static IReadOnlyList<OverrideDecision> Decide(GateConfiguration config, string target, IReadOnlyList<OverrideFacts> facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(facts);
        var targetDefinition = FindTarget(config, target);
        var decisions = new List<OverrideDecision>();
        foreach (var pr in facts)
        {
            var labels = OverrideLabels(config, pr)
                .Where(l => l.Gate is null || targetDefinition.Requires(l.Gate.Id))
                .OrderBy(l => l.Gate is null ? int.MaxValue : IndexOf(config, l.Gate))
                .ThenBy(l => l.Label, StringComparer.Ordinal);
            foreach (var label in labels)
            {
                decisions.Add(new Evaluation(config, targetDefinition, pr, label, now).Decide());
            }
        }

        return decisions;
    }

    /// <summary>
    /// The override labels of the pull requests for gates <paramref name="target"/> does not require: no decision is
    /// taken on them for this target, and each names the targets that do consider it. Per pull request in the order
    /// given, gates in configuration order.
    /// </summary>
    public static IReadOnlyList<UnrequiredOverrideLabel> UnrequiredLabels(GateConfiguration config, string target, IReadOnlyList<OverrideFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(facts);
        var targetDefinition = FindTarget(config, target);
        return facts
            .SelectMany(pr => OverrideLabels(config, pr)
                .Where(l => l.Gate is not null && !targetDefinition.Requires(l.Gate.Id))
                .OrderBy(l => IndexOf(config, l.Gate!))
                .Select(l => new UnrequiredOverrideLabel(
                    pr.PullRequest,
                    l.Label,
                    l.Gate!.Id,
                    [.. config.Targets.Where(t => t.Requires(l.Gate.Id)).Select(t => t.Name)])))
            .ToList();
    }

    private static TargetDefinition FindTarget(GateConfiguration config, string target) =>
        config.FindTarget(target)
            ?? throw new InputException($"unknown target '{target}'; targets in environments.yaml: {string.Join(", ", config.Targets.Select(t => t.Name))}");

    /// <summary>A gate by name: exactly, else the one gate whose id differs only in case (GitHub labels ignore case).</summary>
    internal static GateDefinition? ResolveGate(GateConfiguration config, string name)
    {
        if (config.FindGate(name) is { } exact)
        {
            return exact;
        }

        var folded = config.Gates.Where(g => string.Equals(g.Id, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return folded.Count == 1 ? folded[0] : null;
    }

    private static int IndexOf(GateConfiguration config, GateDefinition gate)
    {
        for (var i = 0; i < config.Gates.Count; i++)
        {
            if (ReferenceEquals(config.Gates[i], gate))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    /// <summary>The labels on the pull request now that start with <c>label_prefix</c> (case-insensitive, as GitHub labels).</summary>
    private static List<OverrideLabel> OverrideLabels(GateConfiguration config, OverrideFacts pr)
    {
        var prefix = config.Overrides.LabelPrefix;
        return pr.Labels
            .Where(l => l.Length > prefix.Length && l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(l =>
            {
                var name = l[prefix.Length..].Trim();
                return new OverrideLabel(l, name, ResolveGate(config, name));
            })
            .ToList();
    }

    private static IEnumerable<LabelEvent> EventsOf(OverrideFacts pr, string label) => pr.LabelEvents
        .Where(e => string.Equals(e.Label, label, StringComparison.OrdinalIgnoreCase))
        .OrderBy(e => e.CreatedAt)
        .ThenBy(e => e.Id);

    private static LabelEvent? LatestLabeled(OverrideFacts pr, string label) =>
        EventsOf(pr, label).LastOrDefault(e => string.Equals(e.Action, LabelEvent.Labeled, StringComparison.Ordinal));

    private sealed record OverrideLabel(string Label, string Name, GateDefinition? Gate);

    /// <summary>One label's evaluation: the rules in order, the first failing one refuses.</summary>
    private sealed class Evaluation(GateConfiguration config, TargetDefinition target, OverrideFacts pr, OverrideLabel label, DateTimeOffset now)
    {
        private readonly OverridePolicy _policy = config.Overrides;
        private LabelEvent? _labelled;
        private IReadOnlyList<string> _personas = [];
        private string? _reason;

        private string Actor => _labelled!.Actor;

        private DateTimeOffset LabelledAt => _labelled!.CreatedAt;

        private string Gate => label.Gate?.Id ?? label.Name;

        private string Applied => $"{Actor} applied '{label.Label}' at {Time(LabelledAt)}";

        public OverrideDecision Decide()
        {
            _labelled = LatestLabeled(pr, label.Label);
            if (_labelled is not null)
            {
                _personas = PersonasOf(Actor);
                _reason = label.Gate is null ? null : LatestReason(Actor)?.Reason;
            }

            if (label.Gate is not { } gate)
            {
                var by = _labelled is null ? string.Empty : $" (applied by {Actor} at {Time(LabelledAt)})";
                return Refuse(OverrideCodes.UnknownGate,
                    $"The label '{label.Label}'{by} names no configured gate '{label.Name}'; the gates are {string.Join(", ", config.Gates.Select(g => g.Id))}.");
            }

            if (_labelled is null)
            {
                return Refuse(OverrideCodes.NoLabelEvent,
                    $"No 'labeled' event was found for '{label.Label}', so who applied it and when is unknown; the override of {gate.Id} is not honoured.");
            }

            if (LabelledAt > now)
            {
                return Refuse(OverrideCodes.LabelInFuture,
                    $"{Applied}, which is after the evaluation time {Time(now)}: a labelling dated in the future is malformed (GitHub's server sets this time), so the override of {gate.Id} is not honoured.");
            }

            var removed = EventsOf(pr, label.Label)
                .FirstOrDefault(e => string.Equals(e.Action, LabelEvent.Unlabeled, StringComparison.Ordinal)
                    && (e.CreatedAt > LabelledAt || (e.CreatedAt == LabelledAt && e.Id > _labelled.Id)));
            if (removed is not null)
            {
                return Refuse(OverrideCodes.LabelRemoved,
                    $"{Applied}, but {removed.Actor} removed it at {Time(removed.CreatedAt)}; the override of {gate.Id} is not honoured.");
            }

            if (target.NotOverridable.Contains(gate.Id, StringComparer.Ordinal))
            {
                return Refuse(OverrideCodes.NotOverridable,
                    $"{Applied}, but {gate.Id} may not be overridden for '{target.Name}' (not_overridable in environments.yaml).");
            }

            if (!_personas.Any(p => config.FindPersona(p)?.MayOverrideGate(gate.Id) == true))
            {
                var may = config.Personas.Where(p => p.MayOverrideGate(gate.Id)).Select(p => p.Id).ToList();
                var holds = _personas.Count == 0 ? "holds no persona" : $"holds {Join(_personas)}";
                var who = may.Count == 0 ? "no persona may" : $"only {Join(may)} may";
                var teams = pr.TeamsConsulted
                    ? "Team membership was checked."
                    : "Team membership was not checked (no org-token): only users and repository permission were matched.";
                return Refuse(OverrideCodes.NotAuthorized,
                    $"{Applied}, but {Actor} may not override {gate.Id}: {Actor} {holds}, and {who} (may_override in personas.yaml). {teams}");
            }

            if (_policy.InvalidateOnPush)
            {
                if (pr.PushTime is not { } push)
                {
                    return Refuse(OverrideCodes.Stale,
                        $"{Applied}, but the push time of the head commit is unknown, so whether the label came after the latest push cannot be told; it is treated as stale (fail closed).");
                }

                if (LabelledAt <= push)
                {
                    return Refuse(OverrideCodes.Stale,
                        $"{Applied}, at or before the latest push at {Time(push)}: a push after the label makes the override stale; the label must be applied again.");
                }
            }

            var expires = LabelledAt + _policy.MaxAge;
            if (now >= expires)
            {
                return Refuse(OverrideCodes.Expired,
                    $"{Applied}; the override expired at {Time(expires)} (max_age {DurationParser.Format(_policy.MaxAge)}).");
            }

            if (_policy.RequireReason && string.IsNullOrEmpty(_reason))
            {
                var empty = Comments(Actor).Any()
                    ? $"{Actor}'s '{_policy.ReasonCommand} {gate.Id}' comment states no reason"
                    : $"{Actor} posted no comment '{_policy.ReasonCommand} {gate.Id}: <reason>'";
                return Refuse(OverrideCodes.ReasonMissing, $"{Applied}, but a reason is required and {empty}.");
            }

            string[] confirmers = [];
            if (target.TwoPersonOverride.Count > 0)
            {
                var (found, why) = TwoPeople(gate);
                if (found is null)
                {
                    return Refuse(OverrideCodes.SecondPersonMissing, $"{Applied}, but {why}");
                }

                confirmers = found;
            }

            var after = _policy.InvalidateOnPush ? $", after the latest push at {Time(pr.PushTime!.Value)}" : string.Empty;
            var confirmed = confirmers.Length == 0
                ? string.Empty
                : $"; confirmed by {string.Join(", ", confirmers.Select(c => $"{c} ({Join(PersonasOf(c))})"))}";
            var next = _policy.InvalidateOnPush ? " or the next push" : string.Empty;
            return new OverrideDecision(pr.PullRequest, gate.Id, label.Label, _labelled.Id, Actor, LabelledAt, OverrideOutcome.Honoured, OverrideCodes.Honoured,
                $"{Actor} ({Join(_personas)}) applied '{label.Label}' at {Time(LabelledAt)}{after}{confirmed}; {gate.Id} is overridden for '{target.Name}' until {Time(expires)}{next}.")
            {
                Reason = _reason,
                ActorPersonas = _personas,
                Confirmers = confirmers,
                ExpiresAt = expires,
                TeamsConsulted = pr.TeamsConsulted,
            };
        }

        /// <summary>
        /// The two-person rule: as many different people as the rule lists personas (two of the one persona when it
        /// lists one), one holding each, every one of them with a reason comment for the gate after the latest push,
        /// the labeller among them. Returns the others (the confirmers), or why there are not enough.
        /// </summary>
        private (string[]? Confirmers, string Why) TwoPeople(GateDefinition gate)
        {
            IReadOnlyList<string> slots = target.TwoPersonOverride.Count == 1
                ? [target.TwoPersonOverride[0], target.TwoPersonOverride[0]]
                : target.TwoPersonOverride;
            var need = target.TwoPersonOverride.Count == 1
                ? $"two different people holding {slots[0]}"
                : $"{slots.Count} different people, one holding each of {Join(slots)}";
            var rule = $"overriding {gate.Id} for '{target.Name}' needs {need}, each posting '{_policy.ReasonCommand} {gate.Id}: <reason>' after the latest push, one of them the labeller";
            if (pr.PushTime is not { } push)
            {
                return (null, $"{rule}; the push time of the head commit is unknown, so no confirmation can be told to come after it (fail closed).");
            }

            // People with a reason comment after the push, in the order of their first such comment.
            var people = pr.Comments
                .Where(c => c.CreatedAt > push && IsReasonFor(c, gate))
                .OrderBy(c => c.CreatedAt)
                .ThenBy(c => c.Id)
                .Select(c => c.Author)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            var labeller = people.FindIndex(p => string.Equals(p, Actor, StringComparison.OrdinalIgnoreCase));
            var seen = people.Count == 0
                ? "nobody has"
                : "only " + string.Join(", ", people.Select(p => $"{p} ({(PersonasOf(p) is { Count: > 0 } held ? Join(held) : "no persona")})")) + (people.Count == 1 ? " has" : " have");
            if (labeller < 0)
            {
                return (null, $"{rule}; {Actor}'s own reason comment is not after the latest push at {Time(push)} ({seen} posted one since).");
            }

            var personas = people.Select(PersonasOf).ToList();
            var assignment = new int[slots.Count];
            var used = new bool[people.Count];
            for (var slot = 0; slot < slots.Count; slot++)
            {
                if (!personas[labeller].Contains(slots[slot], StringComparer.Ordinal))
                {
                    continue;
                }

                Array.Fill(assignment, -1);
                Array.Clear(used);
                assignment[slot] = labeller;
                used[labeller] = true;
                if (Fill(0))
                {
                    return (assignment.Where(p => p != labeller).Select(p => people[p]).ToArray(), string.Empty);
                }
            }

            return (null, $"{rule}; {seen} posted one since the latest push at {Time(push)}.");

            // Brute force: each open slot, in order, takes the first unused person holding its persona.
            bool Fill(int slot)
            {
                if (slot == slots.Count)
                {
                    return true;
                }

                if (assignment[slot] >= 0)
                {
                    return Fill(slot + 1);
                }

                for (var person = 0; person < people.Count; person++)
                {
                    if (used[person] || !personas[person].Contains(slots[slot], StringComparer.Ordinal))
                    {
                        continue;
                    }

                    used[person] = true;
                    assignment[slot] = person;
                    if (Fill(slot + 1))
                    {
                        return true;
                    }

                    used[person] = false;
                    assignment[slot] = -1;
                }

                return false;
            }
        }

        private OverrideDecision Refuse(string code, string message) =>
            new(pr.PullRequest, Gate, label.Label, _labelled?.Id ?? 0, _labelled?.Actor, _labelled?.CreatedAt, OverrideOutcome.Refused, code, message)
            {
                Reason = _reason,
                ActorPersonas = _personas,
                ExpiresAt = _labelled is null ? null : _labelled.CreatedAt + _policy.MaxAge,
                TeamsConsulted = pr.TeamsConsulted,
            };

        /// <summary>The parsed reason-command comments of an author for this label's gate.</summary>
        private IEnumerable<(PullRequestComment Comment, string Reason)> Comments(string author)
        {
            foreach (var comment in pr.Comments
                .Where(c => string.Equals(c.Author, author, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.CreatedAt)
                .ThenBy(c => c.Id))
            {
                if (ReasonCommandParser.TryParse(comment.Body, _policy.ReasonCommand, out var named, out var reason)
                    && label.Gate is { } gate
                    && ReferenceEquals(ResolveGate(config, named), gate))
                {
                    yield return (comment, reason);
                }
            }
        }

        /// <summary>The author's latest comment for the gate with a non-empty reason.</summary>
        private (PullRequestComment Comment, string Reason)? LatestReason(string author)
        {
            var reasons = Comments(author).Where(c => c.Reason.Length > 0).ToList();
            return reasons.Count == 0 ? null : reasons[^1];
        }

        /// <summary>A reason comment for the gate: with a non-empty reason when reasons are required.</summary>
        private bool IsReasonFor(PullRequestComment comment, GateDefinition gate) =>
            ReasonCommandParser.TryParse(comment.Body, _policy.ReasonCommand, out var named, out var reason)
            && ReferenceEquals(ResolveGate(config, named), gate)
            && (!_policy.RequireReason || reason.Length > 0);

        private IReadOnlyList<string> PersonasOf(string login)
        {
            if (pr.PersonasByLogin.TryGetValue(login, out var personas))
            {
                return personas;
            }

            foreach (var (key, value) in pr.PersonasByLogin)
            {
                if (string.Equals(key, login, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return [];
        }

        private static string Join(IEnumerable<string> items) => string.Join(", ", items);

        private static string Time(DateTimeOffset value) => ReportVocabulary.Timestamp(value);
    }
}
