using Microsoft.Extensions.Time.Testing;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Core.Overrides;
using OdooGateAction.Core.Rendering;
using OdooGateAction.FakeGitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Testing;

namespace OdooGateAction.GitHub.Tests;

public sealed class RecordsWriterTests : IAsyncLifetime
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static readonly RepositoryRef Repo = new("acme", "odoo-addons");
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    private FakeGitHubServer _server = null!;
    private FakeRepository _repo = null!;
    private GitHubRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _repo = _server.Repository("acme", "odoo-addons");
        _repo.AddPullRequest(42, Sha);
        _client = GitHubRestClient.Create(new GitHubClientOptions(_server.GitHubApiUrl, _server.Token), new FakeTimeProvider(Now), new GitHubRequestStats());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    private static EvaluationReport Report(Decision decision) => new(
        "merge", decision, Now, Sha,
        [
            new GateReport("G1", "Build & static quality", "developer", true, decision == Decision.Allow ? GateStatus.Passed : GateStatus.Failed, []),
            new GateReport("G2", "Functional & upgrade QA", "qa_tester", false, GateStatus.NotRequired, []),
        ],
        decision == Decision.Allow ? [] : [new BlockingReason(ReasonCodes.CheckFailed, "G1", "pre-commit") { GateStatus = GateStatus.Failed }],
        []) { PullRequest = 42, Repository = "acme/odoo-addons" };

    private async Task<RecordsOutcome> WriteAsync(Decision decision, bool checkRuns = true, bool comment = true)
    {
        var own = (await _client.ListCheckRunsAsync(Repo, Sha, CancellationToken.None)).Where(r => r.Name!.StartsWith("odoo-gates/", StringComparison.Ordinal)).ToList();
        var request = new RecordsRequest(Repo, Report(decision), own, [42], "https://github.com/acme/odoo-addons/actions/runs/1");
        var writer = new RecordsWriter(_client);
        if (checkRuns)
        {
            await writer.WriteGateCheckRunsAsync(request, CancellationToken.None);
        }

        if (comment)
        {
            await writer.WriteStatusCommentsAsync(request, CancellationToken.None);
        }

        if (checkRuns)
        {
            await writer.WriteTargetCheckRunAsync(request, incomplete: null, CancellationToken.None);
        }

        return writer.Outcome;
    }

    [Fact]
    public async Task Write_FirstRun_CreatesAggregateAndRequiredGateCheckRunsAndOneComment()
    {
        var outcome = await WriteAsync(Decision.Block);

        Assert.Equal((2, 0, 1, 0), (outcome.CheckRunsCreated, outcome.CheckRunsUpdated, outcome.CommentsCreated, outcome.CommentsUpdated));
        var runs = _repo.CheckRuns(Sha).ToDictionary(r => r.Name, r => r.Conclusion);
        Assert.Equal("failure", runs["odoo-gates/merge"]);
        Assert.Equal("failure", runs["odoo-gates/merge/G1"]);
        Assert.False(runs.ContainsKey("odoo-gates/merge/G2")); // merge does not require G2: no check run for it
        var comment = Assert.Single(_repo.Comments(42));
        Assert.StartsWith("<!-- odoo-gates:merge -->\n", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteGateCheckRuns_GateNoLongerRequired_ItsRunIsCompletedAsSkippedOnceNotLeftRunning()
    {
        // An earlier evaluation of the commit (its policy required G2) left G2's run in progress.
        var earlier = Report(Decision.Block) with
        {
            Gates = [Report(Decision.Block).Gates[0], new GateReport("G2", "Functional & upgrade QA", "qa_tester", true, GateStatus.Failed, [])],
        };
        var writer = new RecordsWriter(_client);
        await writer.WriteGateCheckRunsAsync(new RecordsRequest(Repo, earlier, [], [42], null), CancellationToken.None);
        var g2 = _repo.CheckRuns(Sha).Single(r => r.Name == "odoo-gates/merge/G2");
        _repo.UpdateCheckRun(g2.Id, "in_progress", null);

        await WriteAsync(Decision.Block, comment: false);

        var completed = _repo.CheckRuns(Sha).Single(r => r.Name == "odoo-gates/merge/G2");
        Assert.Equal(("completed", "skipped"), (completed.Status, completed.Conclusion));
        Assert.Equal("G2 Functional & upgrade QA: not required for merge", completed.OutputTitle);
        _server.ClearRequests();

        var again = await WriteAsync(Decision.Block, comment: false);

        Assert.Equal((0, 2), (again.CheckRunsCreated, again.CheckRunsUpdated)); // G1 and the aggregate; G2 says so already
        Assert.Equal(3, _repo.CheckRuns(Sha).Count);
    }

    [Fact]
    public async Task Write_SecondRunSameText_UpdatesCheckRunsInPlaceAndLeavesTheCommentAlone()
    {
        await WriteAsync(Decision.Block);
        _server.ClearRequests();

        var outcome = await WriteAsync(Decision.Block);

        Assert.Equal((0, 2, 0, 0, 1), (outcome.CheckRunsCreated, outcome.CheckRunsUpdated, outcome.CommentsCreated, outcome.CommentsUpdated, outcome.CommentsUnchanged));
        Assert.Equal(2, _repo.CheckRuns(Sha).Count);
        Assert.Single(_repo.Comments(42));
        Assert.DoesNotContain(_server.Requests, r => r.Method == "PATCH" && r.PathAndQuery.Contains("/issues/comments/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_DecisionChanged_UpdatesTheSameComment()
    {
        await WriteAsync(Decision.Block);

        var outcome = await WriteAsync(Decision.Allow);

        Assert.Equal((0, 1), (outcome.CommentsCreated, outcome.CommentsUpdated));
        var comment = Assert.Single(_repo.Comments(42));
        Assert.Contains("Promotion to <code>merge</code> allowed", comment.Body, StringComparison.Ordinal);
        Assert.Equal("success", _repo.CheckRuns(Sha).Single(r => r.Name == "odoo-gates/merge").Conclusion);
    }

    [Fact]
    public async Task Write_MarkerInSomeoneElsesComment_IsNotOursSoANewOneIsCreated()
    {
        _repo.AddComment(42, "<!-- odoo-gates:merge -->\nforged: allowed", "mallory");

        var outcome = await WriteAsync(Decision.Block);

        Assert.Equal(1, outcome.CommentsCreated);
        Assert.Equal("<!-- odoo-gates:merge -->\nforged: allowed", _repo.Comments(42)[0].Body);
        Assert.Equal(2, _repo.Comments(42).Count);
    }

    [Fact]
    public async Task Write_TokenThatMayReadUser_FindsItsCommentsByThatLogin()
    {
        _server.AuthenticatedLogin = "odoo-release-bot";
        _server.WriterLogin = "odoo-release-bot";
        await WriteAsync(Decision.Block);

        var outcome = await WriteAsync(Decision.Allow);

        Assert.Equal((0, 1), (outcome.CommentsCreated, outcome.CommentsUpdated));
    }

    [Fact]
    public async Task Write_ReadOnlyToken_WarnsOncePerRecordKindAndWritesNothing()
    {
        _server.ReadOnlyToken = true;

        var outcome = await WriteAsync(Decision.Block);

        Assert.Equal(2, outcome.Warnings.Count);
        Assert.All(outcome.Warnings, w => Assert.Contains("403", w, StringComparison.Ordinal));
        Assert.Empty(_repo.CheckRuns(Sha));
        Assert.Empty(_repo.Comments(42));
        Assert.Single(_server.Requests, r => r.Method == "POST" && r.PathAndQuery.EndsWith("/check-runs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_StatusCommentForgedBesideOurs_EveryOneOfOursWithTheMarkerIsRewrittenToTheDecision()
    {
        await WriteAsync(Decision.Allow);
        _repo.AddComment(42, "<!-- odoo-gates:merge -->\n✅ Promotion to merge allowed (posted by another workflow)", RecordsWriter.ActionsBotLogin);

        var outcome = await WriteAsync(Decision.Block);

        Assert.Equal((0, 2), (outcome.CommentsCreated, outcome.CommentsUpdated));
        Assert.All(_repo.Comments(42), c => Assert.Equal(GitHubRecordRenderer.StatusComment(Report(Decision.Block)), c.Body));
    }

    private const long LabelEventId = 7001;

    private static OverrideDecision Refused() => new(
        42, "G1", "gate-override:G1", LabelEventId, "qa-quentin", Now.AddHours(-1), OverrideOutcome.Refused, OverrideCodes.NotAuthorized,
        new OverrideFindings("merge", Now) { MayOverride = ["release_manager"] });

    private static EvaluationReport WithOverride(OverrideDecision decision, string sha = Sha, string target = "merge") =>
        Report(Decision.Block) with { Sha = sha, Target = target, Overrides = [decision] };

    private async Task<RecordsOutcome> WriteOverrideAsync(EvaluationReport report, bool removeLabels = false)
    {
        var writer = new RecordsWriter(_client);
        await writer.WriteOverrideRecordsAsync(
            new RecordsRequest(Repo, report, [], [42], null) { RemoveUnauthorizedLabels = removeLabels }, CancellationToken.None);
        return writer.Outcome;
    }

    /// <summary>The comment another workflow (writing as github-actions[bot], as the action does) might post first.</summary>
    private Comment ForgeHonoured(string target = "merge", string login = RecordsWriter.ActionsBotLogin) =>
        _repo.AddComment(42, GitHubRecordRenderer.OverrideMarker("G1", LabelEventId) + $"\n### ✅ Override of G1 honoured for <code>{target}</code>\n\n- **Valid until**: 2099-01-01T00:00:00Z\n", login);

    [Fact]
    public async Task WriteOverride_HonouredRecordForgedByOurIdentity_IsRewrittenToTheRefusal()
    {
        var forged = ForgeHonoured();
        _repo.AddLabel(42, "gate-override:G1");
        var report = WithOverride(Refused());

        var outcome = await WriteOverrideAsync(report, removeLabels: true);

        Assert.Equal((0, 1, 1), (outcome.OverrideCommentsCreated, outcome.OverrideCommentsCorrected, outcome.LabelsRemoved));
        var record = Assert.Single(_repo.Comments(42));
        Assert.Equal(forged.Id, record.Id);
        Assert.Equal(GitHubRecordRenderer.OverrideComment(report, report.Overrides[0]), record.Body);
        Assert.Contains("Override of G1 refused for <code>merge</code>", record.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteOverride_OurRecordStatesTheDecision_NothingIsWrittenAgainEvenOnAnotherCommit()
    {
        await WriteOverrideAsync(WithOverride(Refused()));
        _server.ClearRequests();

        var outcome = await WriteOverrideAsync(WithOverride(Refused(), sha: "0123456789abcdef0123456789abcdef01234567"));

        Assert.Equal((0, 0), (outcome.OverrideCommentsCreated, outcome.OverrideCommentsCorrected));
        Assert.Contains("<code>6dcb09b</code>", Assert.Single(_repo.Comments(42)).Body, StringComparison.Ordinal); // the commit it was first written on
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task WriteOverride_ForgedRecordNamingAnotherTarget_IsThatTargetsAndOursIsPosted()
    {
        var forged = ForgeHonoured(target: "production");

        var outcome = await WriteOverrideAsync(WithOverride(Refused()));

        Assert.Equal((1, 0), (outcome.OverrideCommentsCreated, outcome.OverrideCommentsCorrected));
        Assert.Equal(forged.Body, _repo.Comments(42)[0].Body);
        Assert.Contains("Override of G1 refused for <code>merge</code>", _repo.Comments(42)[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteOverride_RecordForgedBySomeoneElse_IsNotOursAndOursIsPosted()
    {
        ForgeHonoured(login: "mallory");

        var outcome = await WriteOverrideAsync(WithOverride(Refused()));

        Assert.Equal((1, 0), (outcome.OverrideCommentsCreated, outcome.OverrideCommentsCorrected));
        Assert.Equal(2, _repo.Comments(42).Count);
    }

    [Theory]
    [InlineData("text added after the record")]
    [InlineData("another commit, and text added")]
    [InlineData("no commit line")]
    public void OverrideCommentAgrees_OnlyTheCommitMayDiffer(string change)
    {
        var report = WithOverride(Refused());
        var expected = GitHubRecordRenderer.OverrideComment(report, report.Overrides[0]);
        var existing = change switch
        {
            "text added after the record" => expected + "\nActually honoured.",
            "another commit, and text added" => expected.Replace("<code>6dcb09b</code>", "<code>0123456</code>", StringComparison.Ordinal) + "x",
            _ => expected.Replace("- **Commit**: <code>6dcb09b</code>\n", string.Empty, StringComparison.Ordinal),
        };

        Assert.False(GitHubRecordRenderer.OverrideCommentAgrees(existing, expected));
        Assert.True(GitHubRecordRenderer.OverrideCommentAgrees(expected.Replace("<code>6dcb09b</code>", "<code>0123456</code>", StringComparison.Ordinal), expected));
    }

    [Fact]
    public async Task Write_ChecksAndCommentOff_WritesNothing()
    {
        var outcome = await WriteAsync(Decision.Block, checkRuns: false, comment: false);

        Assert.Equal(0, outcome.CheckRunsCreated + outcome.CommentsCreated);
        Assert.DoesNotContain(_server.Requests, r => r.Method != "GET");
    }
}
