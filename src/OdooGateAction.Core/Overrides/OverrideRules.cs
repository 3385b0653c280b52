using OdooGateAction.Core.Configuration;

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

        private OverrideFindings _findings = new(target.Name, now)
        {
            ReasonCommand = config.Overrides.ReasonCommand,
            MaxAge = config.Overrides.MaxAge,
            InvalidateOnPush = config.Overrides.InvalidateOnPush,
            PushTime = pr.PushTime,
            TwoPersonRule = target.TwoPersonOverride,
        };

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
                return Refuse(OverrideCodes.UnknownGate, _findings with { ConfiguredGates = [.. config.Gates.Select(g => g.Id)] });
            }

            if (_labelled is null)
            {
                return Refuse(OverrideCodes.NoLabelEvent, _findings);
            }

            if (LabelledAt > now)
            {
                return Refuse(OverrideCodes.LabelInFuture, _findings);
            }

            var removed = EventsOf(pr, label.Label)
                .FirstOrDefault(e => string.Equals(e.Action, LabelEvent.Unlabeled, StringComparison.Ordinal)
                    && (e.CreatedAt > LabelledAt || (e.CreatedAt == LabelledAt && e.Id > _labelled.Id)));
            if (removed is not null)
            {
                return Refuse(OverrideCodes.LabelRemoved, _findings with { RemovedBy = removed.Actor, RemovedAt = removed.CreatedAt });
            }

            if (target.OverrideForbidden(gate.Id))
            {
                return Refuse(OverrideCodes.NotOverridable, _findings);
            }

            var may = config.Personas.Where(p => p.MayOverrideGate(gate.Id)).Select(p => p.Id).ToList();
            _findings = _findings with { MayOverride = may };
            if (!_personas.Any(p => config.FindPersona(p)?.MayOverrideGate(gate.Id) == true))
            {
                return Refuse(OverrideCodes.NotAuthorized, _findings);
            }

            if (_policy.InvalidateOnPush && (pr.PushTime is not { } push || LabelledAt <= push))
            {
                return Refuse(OverrideCodes.Stale, _findings);
            }

            var expires = LabelledAt + _policy.MaxAge;
            if (now >= expires)
            {
                return Refuse(OverrideCodes.Expired, _findings);
            }

            if (_policy.RequireReason && string.IsNullOrEmpty(_reason))
            {
                return Refuse(OverrideCodes.ReasonMissing, _findings with { ReasonCommandPosted = Comments(Actor).Any() });
            }

            string[] confirmers = [];
            if (target.TwoPersonOverride.Count > 0)
            {
                var found = TwoPeople(gate);
                if (found is null)
                {
                    return Refuse(OverrideCodes.SecondPersonMissing, _findings);
                }

                confirmers = found;
            }

            return new OverrideDecision(pr.PullRequest, gate.Id, label.Label, _labelled.Id, Actor, LabelledAt, OverrideOutcome.Honoured, OverrideCodes.Honoured, _findings)
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
        private string[]? TwoPeople(GateDefinition gate)
        {
            IReadOnlyList<string> slots = target.TwoPersonOverride.Count == 1
                ? [target.TwoPersonOverride[0], target.TwoPersonOverride[0]]
                : target.TwoPersonOverride;
            if (pr.PushTime is not { } push)
            {
                return null;
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
            _findings = _findings with
            {
                ReasonPosters = [.. people.Select(p => new PersonHolding(p, PersonasOf(p)))],
                LabellerPosted = labeller >= 0,
            };
            if (labeller < 0)
            {
                return null;
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
                    return assignment.Where(p => p != labeller).Select(p => people[p]).ToArray();
                }
            }

            return null;

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

        private OverrideDecision Refuse(string code, OverrideFindings findings) =>
            new(pr.PullRequest, Gate, label.Label, _labelled?.Id ?? 0, _labelled?.Actor, _labelled?.CreatedAt, OverrideOutcome.Refused, code, findings)
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
    }
}
