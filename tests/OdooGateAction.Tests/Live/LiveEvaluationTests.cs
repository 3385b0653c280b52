using NSubstitute;
using OdooGateAction.Commands;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.GitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Live;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests.Live;

public sealed class LiveEvaluationTests : IDisposable
{
    private const string Sha = "a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70";
    private static readonly RepositoryRef Repo = new("acme", "odoo-addons");
    private static readonly GateConfiguration Gates = ConfigurationReader.LoadOrThrow(Path("gates"), OutputSink.Discard().Error).Result.Configuration!;
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private readonly IGitHubApi _api = Substitute.For<IGitHubApi>();
    private readonly AutoAdvancingTimeProvider _time = new(Wednesday);
    private readonly StringWriter _log = new();

    public void Dispose() => _log.Dispose();

    public LiveEvaluationTests()
    {
        _api.ListStatusesAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<GitHubCommitStatus>>([]));
    }

    private static GitHubCheckRun Run(long id, string name, string status = "completed", string? conclusion = "success") => new()
    {
        Id = id, Name = name, Status = status, Conclusion = conclusion, HeadSha = Sha,
        StartedAt = Wednesday.AddMinutes(-30 + id), App = new GitHubApp { Slug = "github-actions" },
    };

    private static IReadOnlyList<GitHubCheckRun> MergeEvidence(string preCommitStatus, string? preCommitConclusion) =>
    [
        Run(1, "pre-commit", preCommitStatus, preCommitConclusion), Run(2, "test (16.0, ce)"), Run(3, "test (16.0, ee)"), Run(4, "install-modules"),
    ];

    private Task<LiveResult> RunAsync(TimeSpan waitTimeout, string target = "merge", bool lookUp = false) =>
        new LiveEvaluation(_api, new GateEvaluator(_time), _time)
            .RunAsync(new LiveRequest(Repo, Sha, [], lookUp, target, Gates, waitTimeout, TimeSpan.FromSeconds(15)), new OutputSink(_log, TextWriter.Null).Out, CancellationToken.None);

    [Fact]
    public async Task Run_PendingCheckCompletesWhileWaiting_AllowsAfterSecondPoll()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(MergeEvidence("in_progress", null)), Task.FromResult(MergeEvidence("completed", "success")));

        var result = await RunAsync(TimeSpan.FromMinutes(15));

        Assert.Equal((Decision.Allow, 2), (result.Report.Decision, result.Polls));
        Assert.Equal([TimeSpan.FromSeconds(15)], _time.Waits);
    }

    [Fact]
    public async Task Run_PendingWithoutWaiting_BlocksAfterOnePoll()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult(MergeEvidence("in_progress", null)));

        var result = await RunAsync(TimeSpan.Zero);

        Assert.Equal((Decision.Block, 1), (result.Report.Decision, result.Polls));
        Assert.Empty(_time.Waits);
        Assert.Equal(CheckOutcome.Pending, result.Report.Gates[0].Checks[0].Outcome);
    }

    [Fact]
    public async Task Run_NeverSettles_BacksOffAndStopsExactlyAtTheTimeout()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult(MergeEvidence("queued", null)));

        var result = await RunAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Decision.Block, result.Report.Decision);
        Assert.Equal(
            [15, 22.5, 33.75, 48.75],
            _time.Waits.Select(w => Math.Round(w.TotalSeconds, 2)).ToArray());
        Assert.Equal(TimeSpan.FromMinutes(2), _time.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
        Assert.Contains(_log.ToString().Split('\n'), l => l.StartsWith("wait timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_RequiredCheckFailedWhileOthersPending_FailsFastWithoutWaiting()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<GitHubCheckRun>>([Run(1, "pre-commit", conclusion: "failure"), Run(2, "install-modules", "queued", null)]));

        var result = await RunAsync(TimeSpan.FromMinutes(15));

        Assert.Equal((Decision.Block, 1), (result.Report.Decision, result.Polls));
        Assert.Empty(_time.Waits);
    }

    [Fact]
    public async Task Run_LongPoll_IntervalIsCappedAtTwoMinutes()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult(MergeEvidence("queued", null)));

        await RunAsync(TimeSpan.FromMinutes(30));

        Assert.Equal(LiveEvaluation.MaxPollInterval, _time.Waits.Max());
    }

    [Fact]
    public async Task Run_NoPullRequestGivenButLookUpAsked_UsesTheCommitsOpenPullRequests()
    {
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult(MergeEvidence("completed", "success")));
        _api.ListPullRequestsForCommitAsync(Repo, Sha, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<GitHubPullRequest>>([new() { Number = 7, State = "closed" }, new() { Number = 9, State = "open" }]));

        var result = await RunAsync(TimeSpan.Zero, lookUp: true);

        Assert.Equal([9], result.PullRequests);
        Assert.Equal(9, result.Report.PullRequest);
    }

    [Fact]
    public async Task Run_OwnCheckRuns_AreReturnedForUpdateButNotEvidence()
    {
        IReadOnlyList<GitHubCheckRun> runs = [.. MergeEvidence("completed", "success"), Run(9, "odoo-gates/merge", conclusion: "failure")];
        _api.ListCheckRunsAsync(Repo, Sha, Arg.Any<CancellationToken>()).Returns(Task.FromResult(runs));

        var result = await RunAsync(TimeSpan.Zero);

        Assert.Equal(Decision.Allow, result.Report.Decision);
        Assert.Equal(9, Assert.Single(result.Evidence.OwnCheckRuns).Id);
    }

    [Theory]
    [InlineData(Decision.Allow, false, false, false)]
    [InlineData(Decision.Block, true, false, false)]
    [InlineData(Decision.Block, false, true, false)]
    [InlineData(Decision.Block, false, false, true)]
    public void MayStillChange_SettledReports_AreFalse(Decision decision, bool frozen, bool failed, bool pending)
    {
        var status = failed ? GateStatus.Failed : pending ? GateStatus.Pending : GateStatus.Passed;
        var report = new EvaluationReport("merge", decision, Wednesday, Sha,
            [new GateReport("G1", "Build", "developer", true, status, [])], [], frozen ? [new FreezeReport("Fri 16:00", "Mon 06:00", null)] : []);

        Assert.Equal(decision == Decision.Block && pending && !frozen, LiveEvaluation.MayStillChange(report));
    }
}
