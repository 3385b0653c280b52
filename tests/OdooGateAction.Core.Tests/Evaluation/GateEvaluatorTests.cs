using Microsoft.Extensions.Time.Testing;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Evidence;
using OdooGateAction.Testing;
using static OdooGateAction.Core.Tests.TestConfig;

namespace OdooGateAction.Core.Tests.Evaluation;

public sealed class GateEvaluatorTests
{
    private static EvaluationReport Evaluate(string g1, EvidenceSnapshot evidence, string target = "merge", string? defaults = null, string? environments = null, DateTimeOffset? now = null) =>
        new GateEvaluator(new FakeTimeProvider(now ?? Base.AddHours(2))).Evaluate(With(g1, defaults, environments), target, evidence);

    /// <summary>73 years after the base time, in minutes: a <c>started_at</c> or <c>created_at</c> in 2099.</summary>
    private const int FarFuture = 365 * 73 * 24 * 60;

    private static CheckReport G1Check(EvaluationReport report, int index = 0) => report.Gates.Single(g => g.Id == "G1").Checks[index];

    /// <summary>Rows: rule, G1 mapping, evidence, expected check outcome, expected reason code.</summary>
    public static TheoryData<string, string, EvidenceSnapshot, CheckOutcome, string> CheckRules => new()
    {
        // Latest run per (app, name) by id (GitHub assigns it in creation order), never started_at (the creator's word) nor list order.
        { "re-run supersedes an old failure", "- check: build", Snapshot(Run("build", "failure", 0, 1), Run("build", "success", 30, 2)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "re-run supersedes regardless of list order", "- check: build", Snapshot(Run("build", "success", 30, 2), Run("build", "failure", 0, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "a later failing re-run wins over an earlier success", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "failure", 30, 2)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "an old success dated 2099 does not outrank a later failing re-run", "- check: build", Snapshot(Run("build", "success", FarFuture, 1), Run("build", "failure", 30, 2)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "an old success dated 2099 does not outrank a later failing re-run, listed last", "- check: build", Snapshot(Run("build", "failure", 30, 2), Run("build", "success", FarFuture, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "a later re-run backdated before the old one still supersedes it", "- check: build", Snapshot(Run("build", "failure", 30, 1), Run("build", "success", 0, 2)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "same start: the higher id is the later run", "- check: build", Snapshot(Run("build", "success", 5, 9), Run("build", "failure", 5, 8)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "a queued re-run (no start yet) is the latest", "- check: build", Snapshot(Run("build", "success", 5, 1), Run("build", null, 0, 2, status: "queued") with { StartedAt = null }), CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "an older run without a start does not outrank a later one", "- check: build", Snapshot(Run("build", null, 0, 1, status: "queued") with { StartedAt = null }, Run("build", "failure", 5, 2)), CheckOutcome.Failed, ReasonCodes.CheckFailed },

        // One id listed twice: the same run agrees with itself, a contradiction fails closed whatever the order.
        { "one id listed twice alike counts once", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "success", 0, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "one id, failure then success", "- check: build", Snapshot(Run("build", "failure", 0, 1), Run("build", "success", 0, 1)), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id, success then failure", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "failure", 0, 1)), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id, running then success", "- check: build", Snapshot(Run("build", null, 0, 1, status: "in_progress"), Run("build", "success", 0, 1)), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id, success dated otherwise: not a contradiction", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "success", FarFuture, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "one id under two names fails both", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("lint", "success", 0, 1)), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id under two apps fails the pinned check", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "success", 0, 1, app: "spoof-ci")), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "a contradiction superseded by a later re-run is history", "- check: build", Snapshot(Run("build", "failure", 0, 1), Run("build", "success", 0, 1), Run("build", "success", 9, 2)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "a contradiction in one matrix job fails the glob", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1), Run("test (16.0, ee)", "success", 0, 2), Run("test (16.0, ee)", "failure", 0, 2)), CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "the evaluator's own check runs are never evidence", "- check: \"odoo-gates/*\"", Snapshot(Run("odoo-gates/merge", "success", 0, 1)), CheckOutcome.Missing, ReasonCodes.CheckMissing },

        // Outcomes of check runs.
        { "success passes", "- check: build", Snapshot(Run("build", "success", 0, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "failure fails", "- check: build", Snapshot(Run("build", "failure", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "cancelled fails", "- check: build", Snapshot(Run("build", "cancelled", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "timed_out fails", "- check: build", Snapshot(Run("build", "timed_out", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "action_required fails", "- check: build", Snapshot(Run("build", "action_required", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "startup_failure fails", "- check: build", Snapshot(Run("build", "startup_failure", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "stale fails", "- check: build", Snapshot(Run("build", "stale", 0, 1)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "an unknown conclusion fails closed", "- check: build", Snapshot(Run("build", "exploded", 0, 1)), CheckOutcome.Failed, ReasonCodes.UnknownConclusion },
        { "skipped passes by default", "- check: build", Snapshot(Run("build", "skipped", 0, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "neutral passes by default", "- check: build", Snapshot(Run("build", "neutral", 0, 1)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "skipped fails when the check says so", "- { check: build, skipped: fail }", Snapshot(Run("build", "skipped", 0, 1)), CheckOutcome.Failed, ReasonCodes.SkippedCountsAsFailure },
        { "neutral fails when the check says so", "- { check: build, neutral: fail }", Snapshot(Run("build", "neutral", 0, 1)), CheckOutcome.Failed, ReasonCodes.NeutralCountsAsFailure },
        { "queued is pending", "- check: build", Snapshot(Run("build", null, 0, 1, status: "queued")), CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "in_progress is pending", "- check: build", Snapshot(Run("build", null, 0, 1, status: "in_progress")), CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "waiting is pending", "- check: build", Snapshot(Run("build", null, 0, 1, status: "waiting")), CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "no result is missing", "- check: build", Snapshot(Run("lint", "success", 0, 1)), CheckOutcome.Missing, ReasonCodes.CheckMissing },
        { "names are case-sensitive", "- check: build", Snapshot(Run("Build", "success", 0, 1)), CheckOutcome.Missing, ReasonCodes.CheckMissing },

        // Globs: every match must pass, at least min must match.
        { "matrix: enough matches, all passed", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1), Run("test (16.0, ee)", "success", 0, 2), Run("test (17.0, ce)", "failure", 0, 3)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "matrix: too few matches", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1)), CheckOutcome.Missing, ReasonCodes.TooFewMatches },
        { "matrix: one failed job fails it", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1), Run("test (16.0, ee)", "failure", 0, 2), Run("test (16.0, x)", "success", 0, 3)), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "matrix: a running job keeps it pending", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1), Run("test (16.0, ee)", null, 0, 2, status: "in_progress")), CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "matrix: re-run of one job replaces its failure", "- { check: \"test (16.0, *)\", min: 2 }", Snapshot(Run("test (16.0, ce)", "success", 0, 1), Run("test (16.0, ee)", "failure", 0, 2), Run("test (16.0, ee)", "success", 40, 3)), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "? matches one character", "- check: \"build-?\"", Snapshot(Run("build-a", "success", 0, 1), Run("build-ab", "failure", 0, 2)), CheckOutcome.Passed, ReasonCodes.CheckPassed },

        // App pinning.
        { "same name from another app does not satisfy", "- check: build", Snapshot(Run("build", "success", 0, 1, app: "spoof-ci")), CheckOutcome.Missing, ReasonCodes.WrongApp },
        { "a failing spoof cannot fail the pinned check", "- check: build", Snapshot(Run("build", "success", 0, 1), Run("build", "failure", 9, 2, app: "spoof-ci")), CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "a re-run from another app does not supersede", "- check: build", Snapshot(Run("build", "failure", 0, 1), Run("build", "success", 9, 2, app: "spoof-ci")), CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "app any accepts every app", "- { check: build, app: any }", Snapshot(Run("build", "success", 0, 1, app: "circleci-checks")), CheckOutcome.Passed, ReasonCodes.CheckPassed },
    };

    [Theory]
    [MemberData(nameof(CheckRules))]
    public void Evaluate_CheckRunRule_GivesOutcomeAndReason(string rule, string g1, EvidenceSnapshot evidence, CheckOutcome outcome, string reason)
    {
        Assert.NotEmpty(rule);
        var check = G1Check(Evaluate(g1, evidence));

        Assert.Equal((outcome, reason), (check.Outcome, check.Reason));
    }

    [Theory]
    [InlineData("github-actions", CheckOutcome.Missing, ReasonCodes.WrongApp)]
    [InlineData("circleci-checks", CheckOutcome.Passed, ReasonCodes.CheckPassed)]
    public void Evaluate_DefaultsApp_PinsEveryCheckWithoutItsOwnApp(string runApp, CheckOutcome outcome, string reason)
    {
        var check = G1Check(Evaluate("- check: build", Snapshot(Run("build", "success", 0, 1, app: runApp)), defaults: "{ app: circleci-checks }"));

        Assert.Equal((outcome, reason), (check.Outcome, check.Reason));
    }

    public static TheoryData<string, string, CommitStatusResult[], CheckOutcome, string> StatusRules => new()
    {
        { "success passes", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", 0, 1)], CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "failure fails", "- { status: ci/lint, app: any }", [Status("ci/lint", "failure", 0, 1)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "error fails", "- { status: ci/lint, app: any }", [Status("ci/lint", "error", 0, 1)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "pending is pending", "- { status: ci/lint, app: any }", [Status("ci/lint", "pending", 0, 1)], CheckOutcome.Pending, ReasonCodes.CheckPending },
        { "latest per context wins: pending then success", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", 9, 2), Status("ci/lint", "pending", 0, 1)], CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "latest per context wins: success then failure", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", 0, 1), Status("ci/lint", "failure", 9, 2)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "same time: the higher id is later", "- { status: ci/lint, app: any }", [Status("ci/lint", "failure", 0, 2), Status("ci/lint", "success", 0, 1)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "the higher id is later, whatever created_at says", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", FarFuture, 1), Status("ci/lint", "failure", 0, 2)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "one id listed twice alike counts once", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", 0, 1), Status("ci/lint", "success", 0, 1)], CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "one id, failure then success", "- { status: ci/lint, app: any }", [Status("ci/lint", "failure", 0, 1), Status("ci/lint", "success", 0, 1)], CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id, success then failure", "- { status: ci/lint, app: any }", [Status("ci/lint", "success", 0, 1), Status("ci/lint", "failure", 0, 1)], CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "one id from two creators", "- { status: ci/lint, app: codecov }", [Status("ci/lint", "success", 0, 1, creator: "codecov[bot]"), Status("ci/lint", "success", 0, 1, creator: "mallory")], CheckOutcome.Failed, ReasonCodes.ContradictoryEvidence },
        { "missing status", "- { status: ci/lint, app: any }", [Status("ci/other", "success", 0, 1)], CheckOutcome.Missing, ReasonCodes.CheckMissing },
        { "status glob needs all to pass", "- { status: \"ci/*\", app: any, min: 2 }", [Status("ci/a", "success", 0, 1), Status("ci/b", "failure", 0, 2)], CheckOutcome.Failed, ReasonCodes.CheckFailed },
        { "pinned status from its bot creator", "- { status: ci/lint, app: codecov }", [Status("ci/lint", "success", 0, 1, creator: "codecov[bot]")], CheckOutcome.Passed, ReasonCodes.CheckPassed },
        { "pinned status from another creator", "- { status: ci/lint, app: codecov }", [Status("ci/lint", "success", 0, 1, creator: "mallory")], CheckOutcome.Missing, ReasonCodes.WrongApp },
    };

    [Theory]
    [MemberData(nameof(StatusRules))]
    public void Evaluate_StatusRule_GivesOutcomeAndReason(string rule, string g1, CommitStatusResult[] statuses, CheckOutcome outcome, string reason)
    {
        Assert.NotEmpty(rule);
        var check = G1Check(Evaluate(g1, Snapshot([], statuses)));

        Assert.Equal((outcome, reason), (check.Outcome, check.Reason));
    }

    public static TheoryData<string, EvidenceSnapshot, GateStatus> GateRules => new()
    {
        { "all required passed", Snapshot(Run("a", "success", 0, 1), Run("b", "success", 0, 2)), GateStatus.Passed },
        { "failed beats missing and pending", Snapshot(Run("a", "failure", 0, 1), Run("c", null, 0, 3, status: "queued")), GateStatus.Failed },
        { "missing beats pending", Snapshot(Run("a", null, 0, 1, status: "in_progress")), GateStatus.Missing },
        { "pending when the rest passed", Snapshot(Run("a", "success", 0, 1), Run("b", null, 0, 2, status: "in_progress")), GateStatus.Pending },
        { "an optional check never blocks", Snapshot(Run("a", "success", 0, 1), Run("b", "success", 0, 2), Run("c", "failure", 0, 3)), GateStatus.Passed },
    };

    [Theory]
    [MemberData(nameof(GateRules))]
    public void Evaluate_GateRule_CombinesRequiredChecks(string rule, EvidenceSnapshot evidence, GateStatus expected)
    {
        Assert.NotEmpty(rule);
        var report = Evaluate("- check: a\n- check: b\n- { check: c, required: false }", evidence);

        Assert.Equal(expected, report.Gates.Single(g => g.Id == "G1").Status);
    }

    [Fact]
    public void Evaluate_ContradictoryRun_BlocksWithTheSameReportInEitherOrder()
    {
        var failureFirst = Evaluate("- check: build", Snapshot(Run("build", "failure", 0, 7), Run("build", "success", 0, 7)));
        var successFirst = Evaluate("- check: build", Snapshot(Run("build", "success", 0, 7), Run("build", "failure", 0, 7)));

        foreach (var report in new[] { failureFirst, successFirst })
        {
            Assert.Equal(Decision.Block, report.Decision);
            var reason = Assert.Single(report.BlockingReasons);
            Assert.Equal((ReasonCodes.ContradictoryEvidence, "G1", "build"), (reason.Code, reason.Gate, reason.Check));
            var match = Assert.Single(G1Check(report).Matches);
            Assert.Equal(("contradictory (failure, success)", CheckOutcome.Failed, 7L), (match.State, match.Outcome, match.Id));
            Assert.Equal("'build' contradictory (failure, success)", G1Check(report).Detail);
        }
    }

    [Fact]
    public void Evaluate_ContradictionBesideAPlainFailure_NamesTheContradiction()
    {
        var report = Evaluate("- { check: \"test *\", min: 2 }", Snapshot(Run("test a", "failure", 0, 1), Run("test b", "success", 0, 2), Run("test b", "failure", 0, 2)));

        Assert.Equal(ReasonCodes.ContradictoryEvidence, G1Check(report).Reason);
    }

    [Fact]
    public void Evaluate_AllRequiredGatesPass_AllowsWithNoBlockingReason()
    {
        var report = Evaluate("- check: build", Snapshot(Run("build", "success", 0, 1)));

        Assert.Equal(Decision.Allow, report.Decision);
        Assert.Empty(report.BlockingReasons);
        Assert.Empty(report.BlockedGates);
    }

    [Fact]
    public void Evaluate_GateNotRequiredByTarget_IsNotRequiredAndDoesNotBlock()
    {
        var report = Evaluate("- check: build", Snapshot(Run("build", "success", 0, 1)));
        var g2 = report.Gates.Single(g => g.Id == "G2");

        Assert.Equal(GateStatus.NotRequired, g2.Status);
        Assert.Equal(GateStatus.Missing, g2.EvidenceStatus);
        Assert.Equal(Decision.Allow, report.Decision);
    }

    [Fact]
    public void Evaluate_RequiredGateFailsAndAnotherPending_BlocksNamingEachCheck()
    {
        var report = Evaluate("- check: build", Snapshot(Run("build", null, 0, 1, status: "in_progress"), Run("upgrade", "failure", 0, 2)), target: "production");

        Assert.Equal(Decision.Block, report.Decision);
        Assert.Equal(["G1", "G2"], report.BlockedGates);
        Assert.Equal(
            [(ReasonCodes.CheckPending, "G1", "build"), (ReasonCodes.CheckFailed, "G2", "upgrade")],
            report.BlockingReasons.Select(r => (r.Code, r.Gate, r.Check)).ToArray());
    }

    public static TheoryData<string, DateTimeOffset, Decision> FreezeRules => new()
    {
        { "Saturday inside the weekend freeze", new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), Decision.Block },
        { "Friday 16:00 is inside (start included)", new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero), Decision.Block },
        { "Monday 06:00 is outside (end excluded)", new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), Decision.Allow },
        { "Wednesday is outside", new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero), Decision.Allow },
        { "a time zone offset is read as its UTC instant", new DateTimeOffset(2026, 11, 20, 17, 30, 0, TimeSpan.FromHours(2)), Decision.Allow },
        { "inside the absolute holiday freeze", new DateTimeOffset(2026, 12, 25, 12, 0, 0, TimeSpan.Zero), Decision.Block },
    };

    [Theory]
    [MemberData(nameof(FreezeRules))]
    public void Evaluate_FreezeWindow_BlocksOnlyInside(string rule, DateTimeOffset now, Decision expected)
    {
        Assert.NotEmpty(rule);
        const string environments = """
            version: 1
            targets:
              merge: { gates: [G1] }
              production:
                gates: [G1, G2]
                freeze:
                  - { from: "Fri 16:00", to: "Mon 06:00" }
                  - { from: "2026-12-24", to: "2027-01-02", reason: year-end close }
            """;
        var evidence = Snapshot(Run("build", "success", 0, 1), Run("upgrade", "success", 0, 2));

        var report = Evaluate("- check: build", evidence, target: "production", environments: environments, now: now);

        Assert.Equal(expected, report.Decision);
        Assert.Equal(expected == Decision.Block, report.BlockingReasons.Any(r => r.Code == ReasonCodes.Frozen));
        Assert.Empty(report.BlockedGates);
    }

    [Fact]
    public void Evaluate_FreezeOnOneTarget_DoesNotAffectAnother()
    {
        const string environments = """
            version: 1
            targets:
              merge: { gates: [G1] }
              production: { gates: [G1, G2], freeze: [{ from: "Mon 00:00", to: "Sun 23:59" }] }
            """;

        var report = Evaluate("- check: build", Snapshot(Run("build", "success", 0, 1)), environments: environments);

        Assert.Equal(Decision.Allow, report.Decision);
    }

    [Fact]
    public void Evaluate_UnknownTarget_ThrowsInputExceptionListingTargets()
    {
        var ex = Assert.Throws<InputException>(() => Evaluate("- check: build", Snapshot(), target: "prod"));

        Assert.Contains("unknown target 'prod'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("merge, production", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReadsTheClockOnce_ReportsThatTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 18, 9, 30, 0, TimeSpan.Zero));

        var report = new GateEvaluator(time).Evaluate(With("- check: build"), "merge", Snapshot(Run("build", "success", 0, 1)));

        Assert.Equal(time.GetUtcNow(), report.EvaluatedAt);
    }

    [Fact]
    public void Evaluate_WrongAppOnly_ListsTheIgnoredResult()
    {
        var check = G1Check(Evaluate("- check: build", Snapshot(Run("build", "success", 0, 7, app: "spoof-ci"))));

        Assert.Empty(check.Matches);
        var ignored = Assert.Single(check.IgnoredResults);
        Assert.Equal(("spoof-ci", 7L), (ignored.App, ignored.Id));
    }

    [Fact]
    public void Evaluate_ManyResults_ExactNamesAreLookedUpAndGlobsScanned()
    {
        var runs = Enumerable.Range(0, 2000).Select(i => Run($"job-{i}", "success", 0, i + 1)).ToArray();

        var report = Evaluate("- check: job-1999\n- { check: \"job-1*\", min: 1111 }", Snapshot(runs));

        Assert.Equal(CheckOutcome.Passed, G1Check(report, 0).Outcome);
        Assert.Equal(1111, G1Check(report, 1).Matches.Count);
        Assert.Equal(CheckOutcome.Passed, G1Check(report, 1).Outcome);
    }
}
