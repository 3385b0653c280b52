using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;
using static OdooGateAction.Core.Tests.Overrides.OverrideScenario;

namespace OdooGateAction.Core.Tests.Overrides;

public sealed class OverrideRulesTests
{
    /// <summary>One row of the rule table: a target, the facts, the time, and the one decision expected.</summary>
    public sealed record Row(string Target, OverrideFacts Facts, string Code, string Gate = "G2", DateTimeOffset? Now = null, GateConfiguration? Config = null)
    {
        public Action<OverrideDecision>? Then { get; init; }
    }

    private static readonly GateConfiguration NoPushInvalidation = Load("overrides.yaml", "invalidate_on_push: true", "invalidate_on_push: false");
    private static readonly GateConfiguration NoReasonRequired = Load("overrides.yaml", "require_reason: true", "require_reason: false");
    private static readonly GateConfiguration TwoReleaseManagers = Load("environments.yaml", "two_person_override: [release_manager, sre]", "two_person_override: [release_manager]");
    private static readonly GateConfiguration MaintainersAreReleaseManagers = Load(
        "personas.yaml", "github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers] }",
        "github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers], permission: maintain }");

    private static readonly DateTimeOffset LabelledAt = Push.AddMinutes(10);

    /// <summary>Every rule and every refusal code; each row names the rule it shows.</summary>
    public static readonly Dictionary<string, Row> Cases = new(StringComparer.Ordinal)
    {
        // Honoured.
        ["honoured on staging by rel-mgr-alice"] = new("staging", AliceOverridesG2(), OverrideCodes.Honoured)
        {
            Then = d =>
            {
                Assert.Equal(OverrideOutcome.Honoured, d.Outcome);
                Assert.Equal(("gate-override:G2", 101L, "rel-mgr-alice", (DateTimeOffset?)LabelledAt), (d.Label, d.LabelEventId, d.Actor, d.LabelledAt));
                Assert.Equal(["release_manager"], d.ActorPersonas);
                Assert.Equal("upgrade test flaky on the runner, see OPS-412", d.Reason);
                Assert.Equal(LabelledAt.AddHours(72), d.ExpiresAt);
                Assert.Empty(d.Confirmers);
                Assert.True(d.TeamsConsulted);
                Assert.Equal(
                    "rel-mgr-alice (release_manager) applied 'gate-override:G2' at 2026-11-18T10:10:00Z, after the latest push at 2026-11-18T10:00:00Z; G2 is overridden for 'staging' until 2026-11-21T10:10:00Z or the next push.",
                    ReportSentences.Of(d));
            },
        },
        ["label prefix and gate name match case-insensitively, as GitHub labels do"] = new("staging",
            Facts(["Gate-Override:g2"], [Labeled(101, "Rel-Mgr-Alice", 10, "Gate-Override:g2")], [Reason(201, "rel-mgr-alice", 12, gate: "g2")]), OverrideCodes.Honoured)
        {
            Then = d => Assert.Equal(("G2", "Gate-Override:g2", "upgrade test flaky on the runner, see OPS-412"), (d.Gate, d.Label, d.Reason)),
        },
        ["the labeller's latest reason is the one recorded"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)],
                [Reason(201, "rel-mgr-alice", 5, reason: "first take"), Reason(202, "rel-mgr-alice", 12, reason: "second take, OPS-412"), Reason(203, "rel-mgr-alice", 14, gate: "G1", reason: "other gate")]),
            OverrideCodes.Honoured)
        {
            Then = d => Assert.Equal("second take, OPS-412", d.Reason),
        },

        // Unknown gate.
        ["a label naming no gate is refused"] = new("staging",
            Facts(["gate-override:G9"], [Labeled(101, "rel-mgr-alice", 10, "gate-override:G9")], []), OverrideCodes.UnknownGate, Gate: "G9")
        {
            Then = d =>
            {
                Assert.Equal(("rel-mgr-alice", 101L), (d.Actor, d.LabelEventId));
                Assert.Contains("the gates are G1, G2, G3, G4", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },

        // The label event: who applied it, and is it still applied.
        ["no labeled event"] = new("staging", Facts(["gate-override:G2"], [], [Reason(201, "rel-mgr-alice", 12)]), OverrideCodes.NoLabelEvent)
        {
            Then = d => Assert.Equal((0L, (string?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), (d.LabelEventId, d.Actor, d.LabelledAt, d.ExpiresAt)),
        },
        ["only an unlabeled event"] = new("staging", Facts(["gate-override:G2"], [Unlabeled(102, "rel-mgr-alice", 20)], []), OverrideCodes.NoLabelEvent),
        ["label removed after it was applied"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10), Unlabeled(102, "qa-carol", 20)], [Reason(201, "rel-mgr-alice", 12)]), OverrideCodes.LabelRemoved)
        {
            Then = d => Assert.Contains("qa-carol removed it at 2026-11-18T10:20:00Z", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["removed in the same second: the event id orders them"] = new("staging",
            Facts(["gate-override:G2"], [Unlabeled(102, "qa-carol", 10), Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12)]), OverrideCodes.LabelRemoved),
        ["label re-applied after removal is honoured"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10), Unlabeled(102, "rel-mgr-alice", 20), Labeled(103, "rel-mgr-alice", 30)], [Reason(201, "rel-mgr-alice", 12)]),
            OverrideCodes.Honoured)
        {
            Then = d => Assert.Equal((103L, (DateTimeOffset?)Push.AddMinutes(30)), (d.LabelEventId, d.LabelledAt)),
        },
        ["a label dated after the evaluation time is malformed, never eternal"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", (int)TimeSpan.FromDays(365 * 73).TotalMinutes)], [Reason(201, "rel-mgr-alice", 12)]), OverrideCodes.LabelInFuture)
        {
            Then = d =>
            {
                Assert.Equal(OverrideOutcome.Refused, d.Outcome);
                Assert.Contains("after the evaluation time 2026-11-18T11:00:00Z", ReportSentences.Of(d), StringComparison.Ordinal);
                Assert.Contains("not honoured", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["a label one second after the evaluation time is refused"] = new("staging", AliceOverridesG2(), OverrideCodes.LabelInFuture, Now: LabelledAt.AddSeconds(-1)),
        ["a label at the evaluation time itself is not in the future"] = new("staging", AliceOverridesG2(), OverrideCodes.Honoured, Now: LabelledAt),
        ["the future label is refused even by someone not authorized: the labelling itself is invalid"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "qa-carol", 120)], [Reason(201, "qa-carol", 12)]), OverrideCodes.LabelInFuture),
        ["a future label after a valid one is the latest labelling, and refused"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10), Labeled(102, "rel-mgr-alice", 90)], [Reason(201, "rel-mgr-alice", 12)]), OverrideCodes.LabelInFuture)
        {
            Then = d => Assert.Equal(102L, d.LabelEventId),
        },
        ["events of other labels are not this label's"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10), Unlabeled(102, "rel-mgr-alice", 20, "gate-override:G1")], [Reason(201, "rel-mgr-alice", 12)]),
            OverrideCodes.Honoured),

        // Environment controls.
        ["G1 is not overridable for production"] = new("production",
            Facts(["gate-override:G1"], [Labeled(101, "rel-mgr-alice", 10, "gate-override:G1")], [Reason(201, "rel-mgr-alice", 12, gate: "G1")]), OverrideCodes.NotOverridable, Gate: "G1"),
        ["not overridable comes before who applied it"] = new("production",
            Facts(["gate-override:G1"], [Labeled(101, "qa-carol", 10, "gate-override:G1")], []), OverrideCodes.NotOverridable, Gate: "G1"),
        ["G1 is overridable for staging"] = new("staging",
            Facts(["gate-override:G1"], [Labeled(101, "rel-mgr-alice", 10, "gate-override:G1")], [Reason(201, "rel-mgr-alice", 12, gate: "G1")]), OverrideCodes.Honoured, Gate: "G1"),

        // Authorization: the labeller's personas, never anyone else's.
        ["unauthorized labeller (qa person)"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "qa-carol", 10)], [Reason(201, "qa-carol", 12)]), OverrideCodes.NotAuthorized)
        {
            Then = d =>
            {
                Assert.Equal(["qa_tester"], d.ActorPersonas);
                Assert.Equal(
                    "qa-carol applied 'gate-override:G2' at 2026-11-18T10:10:00Z, but qa-carol may not override G2: qa-carol holds qa_tester, and only release_manager may (may_override in personas.yaml). Team membership was checked.",
                    ReportSentences.Of(d));
            },
        },
        ["a labeller with no persona"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "random-rita", 10)], [Reason(201, "random-rita", 12)]), OverrideCodes.NotAuthorized)
        {
            Then = d => Assert.Contains("random-rita may not override G2: random-rita holds no persona", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["an SRE may not override G2"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "sre-bob", 10)], [Reason(201, "sre-bob", 12)]), OverrideCodes.NotAuthorized),
        ["the latest labeller counts, not an earlier authorized one"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10), Unlabeled(102, "qa-carol", 11), Labeled(103, "qa-carol", 12)], [Reason(201, "rel-mgr-alice", 13)]),
            OverrideCodes.NotAuthorized)
        {
            Then = d => Assert.Equal(("qa-carol", 103L), (d.Actor, d.LabelEventId)),
        },
        ["an authorized commenter does not authorize someone else's label"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "qa-carol", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "qa-carol", 13)]), OverrideCodes.NotAuthorized),
        ["team-based persona honoured when teams are consulted"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rm-erin", 10)], [Reason(201, "rm-erin", 12)], teams: true), OverrideCodes.Honoured)
        {
            Then = d => Assert.Equal(["release_manager"], d.ActorPersonas),
        },
        ["team-based persona unknown when teams are not consulted"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rm-erin", 10)], [Reason(201, "rm-erin", 12)], teams: false), OverrideCodes.NotAuthorized)
        {
            Then = d =>
            {
                Assert.False(d.TeamsConsulted);
                Assert.EndsWith("Team membership was not checked (no org-token): only users and repository permission were matched.", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["a user-listed persona needs no teams"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12)], teams: false), OverrideCodes.Honoured),
        ["permission-based persona: maintain meets a maintain minimum"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "maint-mia", 10)], [Reason(201, "maint-mia", 12)], config: MaintainersAreReleaseManagers,
                permissions: new() { ["maint-mia"] = RepositoryPermission.Maintain }), OverrideCodes.Honoured, Config: MaintainersAreReleaseManagers),
        ["permission-based persona: admin is above the minimum"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "maint-mia", 10)], [Reason(201, "maint-mia", 12)], config: MaintainersAreReleaseManagers,
                permissions: new() { ["maint-mia"] = RepositoryPermission.Admin }), OverrideCodes.Honoured, Config: MaintainersAreReleaseManagers),
        ["permission-based persona: write is below the minimum"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "maint-mia", 10)], [Reason(201, "maint-mia", 12)], config: MaintainersAreReleaseManagers,
                permissions: new() { ["maint-mia"] = RepositoryPermission.Write }), OverrideCodes.NotAuthorized, Config: MaintainersAreReleaseManagers),

        // Pushes: a push after the label makes it stale.
        ["stale: label applied before the push"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", -10)], [Reason(201, "rel-mgr-alice", -8)]), OverrideCodes.Stale)
        {
            Then = d => Assert.Contains("at or before the latest push at 2026-11-18T10:00:00Z", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["stale: label applied in the second of the push"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 0)], [Reason(201, "rel-mgr-alice", 1)]), OverrideCodes.Stale),
        ["fresh: label applied after the push"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 1)], [Reason(201, "rel-mgr-alice", -30)]), OverrideCodes.Honoured),
        ["push time unknown: stale, fail closed"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12)], pushUnknown: true), OverrideCodes.Stale)
        {
            Then = d => Assert.Contains("the push time of the head commit is unknown", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["invalidate_on_push off: a label before the push holds"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", -10)], [Reason(201, "rel-mgr-alice", -8)], config: NoPushInvalidation), OverrideCodes.Honoured, Config: NoPushInvalidation),
        ["invalidate_on_push off: an unknown push time does not matter"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12)], pushUnknown: true, config: NoPushInvalidation), OverrideCodes.Honoured, Config: NoPushInvalidation),
        ["unauthorized comes before stale"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "qa-carol", -10)], [Reason(201, "qa-carol", -8)]), OverrideCodes.NotAuthorized),

        // Expiry: max_age 72h from the label.
        ["expired exactly at max_age"] = new("staging", AliceOverridesG2(), OverrideCodes.Expired, Now: LabelledAt.AddHours(72))
        {
            Then = d =>
            {
                Assert.Equal(LabelledAt.AddHours(72), d.ExpiresAt);
                Assert.Contains("expired at 2026-11-21T10:10:00Z (max_age 72h)", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["just inside max_age"] = new("staging", AliceOverridesG2(), OverrideCodes.Honoured, Now: LabelledAt.AddHours(72).AddSeconds(-1)),
        ["stale comes before expired"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", -10)], [Reason(201, "rel-mgr-alice", -8)]), OverrideCodes.Stale, Now: Push.AddDays(10)),
        ["expired comes before a missing reason"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], []), OverrideCodes.Expired, Now: Push.AddDays(10)),

        // Reasons: the labeller's own comment for the gate.
        ["reason missing"] = new("staging", Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], []), OverrideCodes.ReasonMissing)
        {
            Then = d =>
            {
                Assert.Null(d.Reason);
                Assert.Equal(LabelledAt.AddHours(72), d.ExpiresAt);
                Assert.EndsWith("a reason is required and rel-mgr-alice posted no comment '/gate-override G2: <reason>'.", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["reason by someone else"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "sre-bob", 12)]), OverrideCodes.ReasonMissing),
        ["empty reason"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Comment(201, "rel-mgr-alice", 12, "/gate-override G2:   ")]), OverrideCodes.ReasonMissing)
        {
            Then = d => Assert.EndsWith("rel-mgr-alice's '/gate-override G2' comment states no reason.", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["reason for another gate"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12, gate: "G1")]), OverrideCodes.ReasonMissing),
        ["a reason in a code block is not a command"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Comment(201, "rel-mgr-alice", 12, "Usage:\n```\n/gate-override G2: your reason\n```")]), OverrideCodes.ReasonMissing),
        ["comment authors match case-insensitively"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "REL-MGR-ALICE", 12)]), OverrideCodes.Honoured),
        ["require_reason off: no reason needed"] = new("staging",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [], config: NoReasonRequired), OverrideCodes.Honoured, Config: NoReasonRequired)
        {
            Then = d => Assert.Null(d.Reason),
        },

        // Two-person rule (production: release_manager + sre).
        ["two-person: alice (RM) labels, bob (SRE) confirms after the push"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-bob", 15, reason: "agreed, rollback plan ready")]),
            OverrideCodes.Honoured)
        {
            Then = d =>
            {
                Assert.Equal(["sre-bob"], d.Confirmers);
                Assert.Contains("; confirmed by sre-bob (sre);", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["two-person: bob (SRE) labels G4, alice (RM) confirms"] = new("production",
            Facts(["gate-override:G4"], [Labeled(101, "sre-bob", 10, "gate-override:G4")], [Reason(201, "sre-bob", 12, gate: "G4"), Reason(202, "rel-mgr-alice", 15, gate: "G4")]),
            OverrideCodes.Honoured, Gate: "G4")
        {
            Then = d => Assert.Equal(["rel-mgr-alice"], d.Confirmers),
        },
        ["two-person: a team-based SRE confirms when teams are consulted"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-frank", 15)]), OverrideCodes.Honoured)
        {
            Then = d => Assert.Equal(["sre-frank"], d.Confirmers),
        },
        ["two-person: bob confirmed before the push"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-bob", -5)]), OverrideCodes.SecondPersonMissing)
        {
            Then = d =>
            {
                Assert.Empty(d.Confirmers);
                Assert.Contains("needs 2 different people, one holding each of release_manager, sre", ReportSentences.Of(d), StringComparison.Ordinal);
                Assert.Contains("only rel-mgr-alice (release_manager) has posted one since the latest push at 2026-11-18T10:00:00Z.", ReportSentences.Of(d), StringComparison.Ordinal);
            },
        },
        ["two-person: the same person twice"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "Rel-Mgr-Alice", 15, reason: "and again")]), OverrideCodes.SecondPersonMissing),
        ["two-person: only one persona (two release managers)"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "rm-erin", 15)]), OverrideCodes.SecondPersonMissing),
        ["two-person: the labeller's own reason is before the push"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", -5), Reason(202, "sre-bob", 15)]), OverrideCodes.SecondPersonMissing)
        {
            Then = d => Assert.Contains("rel-mgr-alice's own reason comment is not after the latest push", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["two-person: a confirmation without a reason does not count"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Comment(202, "sre-bob", 15, "/gate-override G2:")]), OverrideCodes.SecondPersonMissing),
        ["two-person: a confirmation for another gate does not count"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-bob", 15, gate: "G4")]), OverrideCodes.SecondPersonMissing),
        ["two-person: push time unknown fails closed"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-bob", 15)], pushUnknown: true, config: NoPushInvalidation),
            OverrideCodes.SecondPersonMissing, Config: NoPushInvalidation)
        {
            Then = d => Assert.Contains("the push time of the head commit is unknown", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["two-person with one persona: two different release managers"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "rm-erin", 15)], config: TwoReleaseManagers),
            OverrideCodes.Honoured, Config: TwoReleaseManagers)
        {
            Then = d => Assert.Equal(["rm-erin"], d.Confirmers),
        },
        ["two-person with one persona: a release manager alone"] = new("production",
            Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [Reason(201, "rel-mgr-alice", 12), Reason(202, "sre-bob", 15)], config: TwoReleaseManagers),
            OverrideCodes.SecondPersonMissing, Config: TwoReleaseManagers)
        {
            Then = d => Assert.Contains("needs two different people holding release_manager", ReportSentences.Of(d), StringComparison.Ordinal),
        },
        ["staging has no two-person rule"] = new("staging", AliceOverridesG2(), OverrideCodes.Honoured),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_Rule_GivesTheFirstFailingCode(string name)
    {
        var c = Cases[name];

        var decision = Assert.Single(OverrideRules.Decide(c.Config ?? Shipped, c.Target, [c.Facts], c.Now ?? Now));

        Assert.Equal((c.Code, c.Gate), (decision.Code, decision.Gate));
        Assert.Equal(c.Code == OverrideCodes.Honoured ? OverrideOutcome.Honoured : OverrideOutcome.Refused, decision.Outcome);
        Assert.Equal(c.Facts.PullRequest, decision.PullRequest);
        Assert.Equal(decision.LabelledAt + (c.Config ?? Shipped).Overrides.MaxAge, decision.ExpiresAt);
        Assert.Equal(c.Facts.TeamsConsulted, decision.TeamsConsulted);
        Assert.False(string.IsNullOrWhiteSpace(ReportSentences.Of(decision)));
        c.Then?.Invoke(decision);
    }

    [Fact]
    public void Cases_CoverEveryOverrideCode()
    {
        Assert.Equal(OverrideCodes.All.Order(StringComparer.Ordinal), Cases.Values.Select(c => c.Code).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Decide_LabelForAGateTheTargetDoesNotRequire_NoDecision()
    {
        var facts = Facts(["gate-override:G2", "gate-override:G4"], [Labeled(101, "rel-mgr-alice", 10), Labeled(102, "sre-bob", 11, "gate-override:G4")], [Reason(201, "rel-mgr-alice", 12)]);

        Assert.Empty(OverrideRules.Decide(Shipped, "merge", [facts], Now));
        Assert.Equal(["G2"], OverrideRules.Decide(Shipped, "staging", [facts], Now).Select(d => d.Gate));
    }

    [Fact]
    public void Decide_LabelRemovedFromThePullRequest_NoDecision()
    {
        var facts = Facts(["bug"], [Labeled(101, "rel-mgr-alice", 10), Unlabeled(102, "rel-mgr-alice", 20)], [Reason(201, "rel-mgr-alice", 12)]);

        Assert.Empty(OverrideRules.Decide(Shipped, "staging", [facts], Now));
    }

    [Fact]
    public void Decide_SeveralLabels_OneDecisionEachInGateOrderUnknownLast()
    {
        var facts = Facts(
            ["gate-override:nope", "gate-override:G2", "gate-override:G1", "gate-override:G2"],
            [Labeled(101, "rel-mgr-alice", 10), Labeled(102, "rel-mgr-alice", 11, "gate-override:G1"), Labeled(103, "qa-carol", 12, "gate-override:nope")],
            [Reason(201, "rel-mgr-alice", 12), Reason(202, "rel-mgr-alice", 13, gate: "G1")]);

        var decisions = OverrideRules.Decide(Shipped, "staging", [facts], Now);

        Assert.Equal(
            [("G1", OverrideCodes.Honoured), ("G2", OverrideCodes.Honoured), ("nope", OverrideCodes.UnknownGate)],
            decisions.Select(d => (d.Gate, d.Code)));
    }

    [Fact]
    public void Decide_MergeGroupOfTwoPullRequests_DecidesPerPullRequest()
    {
        var first = Facts(["gate-override:G2"], [Labeled(101, "qa-carol", 10)], [Reason(201, "qa-carol", 12)], pullRequest: 1347);
        var second = AliceOverridesG2(pullRequest: 1348);
        var third = Facts(["enhancement"], [], [], pullRequest: 1349);

        var decisions = OverrideRules.Decide(Shipped, "staging", [first, second, third], Now);

        Assert.Equal(
            [(1347, OverrideCodes.NotAuthorized), (1348, OverrideCodes.Honoured)],
            decisions.Select(d => (d.PullRequest, d.Code)));
    }

    [Fact]
    public void Decide_ReasonOnAnotherPullRequestOfTheGroup_DoesNotCount()
    {
        var labelled = Facts(["gate-override:G2"], [Labeled(101, "rel-mgr-alice", 10)], [], pullRequest: 1347);
        var reasoned = Facts([], [], [Reason(201, "rel-mgr-alice", 12)], pullRequest: 1348);

        var decision = Assert.Single(OverrideRules.Decide(Shipped, "staging", [labelled, reasoned], Now));

        Assert.Equal(OverrideCodes.ReasonMissing, decision.Code);
    }

    [Fact]
    public void Decide_UnknownTarget_IsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => OverrideRules.Decide(Shipped, "prod", [AliceOverridesG2()], Now));

        Assert.Contains("unknown target 'prod'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RelevantLogins_LabellersAndReasonAuthors_DistinctSortedCaseInsensitive()
    {
        var facts = new OverrideFacts(1347,
            ["gate-override:G2", "bug"],
            [Labeled(101, "qa-carol", 5), Unlabeled(102, "qa-carol", 6), Labeled(103, "rel-mgr-alice", 10), Labeled(104, "dev-dan", 11, "bug")],
            [Reason(201, "sre-bob", 12), Reason(202, "REL-MGR-ALICE", 13), Reason(203, "rm-erin", 14, gate: "G4"), Comment(204, "random-rita", 15, "LGTM")],
            Push, new Dictionary<string, IReadOnlyList<string>>(), TeamsConsulted: false);
        var other = new OverrideFacts(1348, ["gate-override:G4"], [Labeled(105, "sre-frank", 1, "gate-override:G4")], [], Push, new Dictionary<string, IReadOnlyList<string>>(), false);

        var logins = OverrideRules.RelevantLogins(Shipped, [facts, other]);

        // Only the latest labeller of a present override label; reason authors for gates with a present label.
        Assert.Equal(["rel-mgr-alice", "sre-bob", "sre-frank"], logins);
    }
}
