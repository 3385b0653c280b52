using Microsoft.Extensions.Time.Testing;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.TestConfig;

namespace OdooGateAction.Core.Tests.Evaluation;

/// <summary>How honoured and refused override decisions change a gate and the decision.</summary>
public sealed class GateEvaluatorOverrideTests
{
    private const string FreezeAllWeek = """
        version: 1
        targets:
          merge:
            gates: [G1]
            freeze:
              - { from: "Mon 00:00", to: "Sun 23:59", reason: release week }
          production: { gates: [G1, G2] }
        """;

    private static OverrideDecision Made(string gate, OverrideOutcome outcome, int pullRequest = 1347, string? code = null) =>
        new(pullRequest, gate, "gate-override:" + gate, 9001, "rel-mgr-alice", Base, outcome,
            code ?? (outcome == OverrideOutcome.Honoured ? OverrideCodes.Honoured : OverrideCodes.NotAuthorized), new OverrideFindings("merge", Base))
        {
            ActorPersonas = ["release_manager"],
            Reason = "flaky runner, OPS-412",
            ExpiresAt = Base.AddHours(72),
        };

    private static EvaluationReport Evaluate(EvidenceSnapshot evidence, IReadOnlyList<OverrideDecision>? overrides, string target = "merge", string? environments = null) =>
        new GateEvaluator(new FakeTimeProvider(Base.AddHours(2))).Evaluate(With("- check: build", environments: environments), target, evidence, overrides);

    private static GateReport G1(EvaluationReport report) => report.Gates.Single(g => g.Id == "G1");

    public static TheoryData<string, EvidenceSnapshot, GateStatus> NotPassedEvidence => new()
    {
        { "failed", Snapshot(Run("build", "failure", 0, 1)), GateStatus.Failed },
        { "pending", Snapshot(Run("build", null, 0, 1, status: "in_progress")), GateStatus.Pending },
        { "missing", Snapshot(), GateStatus.Missing },
    };

    [Theory]
    [MemberData(nameof(NotPassedEvidence))]
    public void Evaluate_HonouredOverrideOfANotPassedGate_OverriddenAndAllowed(string _, EvidenceSnapshot evidence, GateStatus evidenceStatus)
    {
        var honoured = Made("G1", OverrideOutcome.Honoured);

        var report = Evaluate(evidence, [honoured]);

        Assert.Equal(Decision.Allow, report.Decision);
        Assert.Equal(GateStatus.Overridden, G1(report).Status);
        Assert.Equal(evidenceStatus, G1(report).EvidenceStatus);
        Assert.Same(honoured, G1(report).Override);
        Assert.Empty(report.BlockingReasons);
        Assert.Empty(report.BlockedGates);
        Assert.Equal([honoured], report.Overrides);
    }

    [Fact]
    public void Evaluate_RefusedOverride_StillBlockedAndRecorded()
    {
        var refused = Made("G1", OverrideOutcome.Refused);

        var report = Evaluate(Snapshot(Run("build", "failure", 0, 1)), [refused]);

        Assert.Equal(Decision.Block, report.Decision);
        Assert.Equal(GateStatus.Failed, G1(report).Status);
        Assert.Null(G1(report).Override);
        Assert.Equal([ReasonCodes.CheckFailed], report.BlockingReasons.Select(r => r.Code));
        Assert.Equal([refused], report.Overrides);
    }

    [Fact]
    public void Evaluate_HonouredOverrideOfAPassedGate_StaysPassed()
    {
        var report = Evaluate(Snapshot(Run("build", "success", 0, 1)), [Made("G1", OverrideOutcome.Honoured)]);

        Assert.Equal(Decision.Allow, report.Decision);
        Assert.Equal(GateStatus.Passed, G1(report).Status);
        Assert.Null(G1(report).Override);
        Assert.Single(report.Overrides);
    }

    [Fact]
    public void Evaluate_OverriddenGateDuringAFreeze_FreezeStillBlocks()
    {
        var report = Evaluate(Snapshot(Run("build", "failure", 0, 1)), [Made("G1", OverrideOutcome.Honoured)], environments: FreezeAllWeek);

        Assert.Equal(Decision.Block, report.Decision);
        Assert.Equal(GateStatus.Overridden, G1(report).Status);
        Assert.Equal([ReasonCodes.Frozen], report.BlockingReasons.Select(r => r.Code));
        Assert.Empty(report.BlockedGates);
    }

    [Fact]
    public void Evaluate_OneGateOverriddenAnotherFailing_OnlyTheOtherBlocks()
    {
        var evidence = Snapshot(Run("build", "failure", 0, 1), Run("upgrade", "failure", 0, 2));

        var report = Evaluate(evidence, [Made("G1", OverrideOutcome.Honoured)], target: "production");

        Assert.Equal(Decision.Block, report.Decision);
        Assert.Equal(["G2"], report.BlockedGates);
        Assert.All(report.BlockingReasons, r => Assert.Equal("G2", r.Gate));
    }

    [Fact]
    public void Evaluate_HonouredOverrideFromAnyPullRequestOfAMergeGroup_Applies()
    {
        var refused = Made("G1", OverrideOutcome.Refused, pullRequest: 1347);
        var honoured = Made("G1", OverrideOutcome.Honoured, pullRequest: 1348);

        var report = Evaluate(Snapshot(Run("build", "failure", 0, 1)), [refused, honoured]);

        Assert.Equal(Decision.Allow, report.Decision);
        Assert.Same(honoured, G1(report).Override);
        Assert.Equal([refused, honoured], report.Overrides);
    }

    [Fact]
    public void Evaluate_HonouredOverrideOfAGateTheTargetDoesNotRequire_NotRequiredStill()
    {
        var report = Evaluate(Snapshot(Run("build", "success", 0, 1)), [Made("G2", OverrideOutcome.Honoured)]);

        var g2 = report.Gates.Single(g => g.Id == "G2");
        Assert.Equal((GateStatus.NotRequired, (OverrideDecision?)null), (g2.Status, g2.Override));
        Assert.Equal(Decision.Allow, report.Decision);
    }

    [Fact]
    public void Evaluate_ThreeArguments_NoOverrides()
    {
        var report = new GateEvaluator(new FakeTimeProvider(Base)).Evaluate(With("- check: build"), "merge", Snapshot(Run("build", "failure", 0, 1)));

        Assert.Empty(report.Overrides);
        Assert.Null(G1(report).Override);
        Assert.Equal(Decision.Block, report.Decision);
    }

    /// <summary>
    /// <c>Decide</c> decides the override labels and evaluates at the time given, never the clock's: the same facts are
    /// honoured an hour after the push and expired 80 hours after it, whatever the clock says, and the report is dated then.
    /// </summary>
    [Theory]
    [InlineData(1, OverrideCodes.Honoured, GateStatus.Overridden)]
    [InlineData(80, OverrideCodes.Expired, GateStatus.Missing)]
    public void Decide_OverridesDecidedAndReportDatedAtTheTimeGiven_NotTheClocks(int hoursAfterPush, string code, GateStatus g2)
    {
        var now = Overrides.OverrideScenario.Push.AddHours(hoursAfterPush);
        var clockElsewhere = new GateEvaluator(new FakeTimeProvider(now.AddDays(30)));

        var report = clockElsewhere.Decide(Overrides.OverrideScenario.Shipped, "staging", Snapshot(), [Overrides.OverrideScenario.AliceOverridesG2()], now);

        Assert.Equal(now, report.EvaluatedAt);
        Assert.Equal(code, Assert.Single(report.Overrides).Code);
        Assert.Equal(g2, report.Gates.Single(g => g.Id == "G2").Status);
    }

    [Fact]
    public void Decide_UnknownTargetWithOverrideFacts_SuggestsTheTarget()
    {
        var ex = Assert.Throws<InputException>(() =>
            new GateEvaluator(new FakeTimeProvider(Base)).Decide(With("- check: build"), "prodution", Snapshot(), [Overrides.OverrideScenario.AliceOverridesG2()], Base));

        Assert.Contains("unknown target 'prodution' (did you mean 'production'?)", ex.Message, StringComparison.Ordinal);
    }
}
