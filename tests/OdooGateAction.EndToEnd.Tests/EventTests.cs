using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Every event the action runs on, with GitHub's real payload: which commit, target and PR it evaluates.</summary>
public sealed class EventTests(ITestOutputHelper log)
{
    private const string DispatchSha = "4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

    /// <param name="targetInput">The <c>target</c> input ("" none).</param>
    /// <param name="dispatchTarget">Written into the payload's <c>inputs.target</c> ("" leaves the payload alone).</param>
    /// <param name="pullRequest">The PR that exists on GitHub and gets the sticky comment (0: none).</param>
    /// <param name="looksUpPullRequests">Whether the action must ask <c>GET /commits/{sha}/pulls</c>.</param>
    [Theory]
    [InlineData("pull_request", "pull_request/opened.payload.json", "", "", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "merge", 2, false)]
    [InlineData("pull_request_target", "pull_request/synchronize.payload.json", "", "", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", "merge", 2, false)]
    [InlineData("merge_group", "merge_group/checks_requested.payload.json", "", "", "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d", "merge", 104, false)]
    [InlineData("workflow_run", "workflow_run/completed.with-pull-requests.payload.json", "", "", "3484a3fb816e0859fd6e1cea078d76385ff50625", "merge", 2, false)]
    [InlineData("workflow_run", "workflow_run/completed.payload.json", "", "", "3484a3fb816e0859fd6e1cea078d76385ff50625", "merge", 7, true)]
    [InlineData("deployment", "deployment/payload.json", "", "", "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", "production", 0, true)]
    [InlineData("workflow_dispatch", "workflow_dispatch/payload.json", "merge", "", DispatchSha, "merge", 0, false)]
    [InlineData("workflow_dispatch", "workflow_dispatch/payload.json", "", "staging", DispatchSha, "staging", 0, false)]
    [InlineData("push", "push/payload.json", "merge", "", DispatchSha, "merge", 0, false)]
    public async Task Action_EventWithRealPayload_EvaluatesTheEventsCommitAndWritesRecords(
        string eventName, string fixture, string targetInput, string dispatchTarget, string expectedSha, string expectedTarget, int pullRequest, bool looksUpPullRequests)
    {
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, eventName, fixture, log);
        run.UseConfigWithoutFreeze();
        run.GitHubSha = eventName is "workflow_dispatch" or "push" ? DispatchSha : ActionRun.MergeCommitSha;
        if (targetInput.Length > 0)
        {
            run.Inputs["target"] = targetInput;
        }

        if (dispatchTarget.Length > 0)
        {
            run.Payload["inputs"]!["target"] = dispatchTarget;
        }

        var repo = run.Repo;
        Evidence.AddGreen(repo, expectedSha, Evidence.AllGates);
        if (pullRequest > 0)
        {
            // Its head is the commit: GET /commits/{sha}/pulls lists it, as GitHub does.
            repo.AddPullRequest(pullRequest, expectedSha);
        }

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("allow", result.Output("decision"));
        Assert.Equal(string.Empty, result.Output("blocked-gates"));
        Assert.Equal(expectedTarget, result.Output("target"));
        Assert.Equal(expectedSha, result.Output("sha"));
        foreach (var gate in Evidence.AllGates)
        {
            Assert.Equal(Evidence.ExpectedGateOutput(expectedTarget, gate), result.Output(gate.ToLowerInvariant()));
        }

        Assert.True(File.Exists(result.ReportPath), "the report output names an existing file in the workspace");
        Assert.Equal(expectedSha, result.Report!["sha"]!.GetValue<string>());
        Assert.Equal(run.Repository, result.Report["repository"]!.GetValue<string>());
        Assert.Contains($"Promotion to <code>{expectedTarget}</code> allowed", result.Summary, StringComparison.Ordinal);

        // Read: the event's commit, never GITHUB_SHA (the merge commit) unless the event evaluates GITHUB_SHA.
        var checkRuns = Assert.Single(result.To(Endpoints.CheckRuns));
        Assert.Contains($"/commits/{expectedSha}/check-runs", checkRuns.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains($"/repos/{run.Repository}/", checkRuns.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains($"/commits/{expectedSha}/statuses", Assert.Single(result.To(Endpoints.Statuses)).PathAndQuery, StringComparison.Ordinal);
        if (expectedSha != run.GitHubSha)
        {
            Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains(run.GitHubSha, StringComparison.Ordinal) || r.Body.Contains(run.GitHubSha, StringComparison.Ordinal));
        }

        Assert.Equal(looksUpPullRequests ? 1 : 0, result.To(Endpoints.CommitPulls).Count);

        // Written: the aggregate check run and one per gate the target requires, on the evaluated commit.
        var created = repo.CheckRuns(expectedSha).Where(r => r.CreatedViaApi).ToList();
        Assert.Equal(
            [$"odoo-gates/{expectedTarget}", .. Evidence.GatesByTarget[expectedTarget].Select(g => $"odoo-gates/{expectedTarget}/{g}")],
            created.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(created, r => Assert.Equal(("completed", "odoo-gate-action"), (r.Status, r.ExternalId)));
        Assert.All(created, r => Assert.Equal($"https://github.com/{run.Repository}/actions/runs/6102439577", r.DetailsUrl));
        Assert.Equal("success", created.Single(r => r.Name == $"odoo-gates/{expectedTarget}").Conclusion);
        Assert.Equal(1 + Evidence.GatesByTarget[expectedTarget].Length, result.To(Endpoints.CreateCheckRun).Count);
        Assert.Empty(result.To(Endpoints.UpdateCheckRun));

        // The sticky comment lands on the event's PR, and only there.
        var commentWrites = result.Requests.Where(r => r.PathAndQuery.Contains("/issues/", StringComparison.Ordinal) && r.Method != "GET").ToList();
        if (pullRequest > 0)
        {
            var post = Assert.Single(commentWrites);
            Assert.Equal(Endpoints.CreateComment, Endpoints.Of(post));
            Assert.EndsWith($"/issues/{pullRequest}/comments", Endpoints.PathOnly(post), StringComparison.Ordinal);
            var comment = Assert.Single(repo.Comments(pullRequest));
            Assert.StartsWith($"<!-- odoo-gates:{expectedTarget} -->", comment.Body, StringComparison.Ordinal);
            Assert.Equal(server.WriterLogin, comment.Login);
        }
        else
        {
            Assert.Empty(commentWrites);
        }

        Assert.All(result.Requests, r => Assert.True(r.Status is 200 or 201, $"{r.Method} {r.PathAndQuery} answered {r.Status}"));
    }

    [Fact]
    public async Task Action_MergeGroupNamingSeveralPullRequests_CommentsOnEach()
    {
        const string sha = "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d";
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "merge_group", "merge_group/checks_requested.payload.json", log);
        run.Payload["merge_group"]!["head_ref"] = "refs/heads/gh-readonly-queue/main/pr-104-929f8209d40f77f4abc622a499c93a83babdbe64-pr-105-0123456789abcdef0123456789abcdef01234567";
        Evidence.AddGreen(run.Repo, sha, "G1");
        run.Repo.AddPullRequest(104, "929f8209d40f77f4abc622a499c93a83babdbe64");
        run.Repo.AddPullRequest(105, "0123456789abcdef0123456789abcdef01234567");

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Collection(
            result.To(Endpoints.CreateComment),
            r => Assert.EndsWith("/issues/104/comments", Endpoints.PathOnly(r), StringComparison.Ordinal),
            r => Assert.EndsWith("/issues/105/comments", Endpoints.PathOnly(r), StringComparison.Ordinal));
        Assert.Single(run.Repo.Comments(104));
        Assert.Single(run.Repo.Comments(105));
    }

    [Fact]
    public async Task Action_DeploymentToUnknownEnvironment_ExitsTwoNamingIt()
    {
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "deployment", "deployment/gh-pages.payload.json", log);
        Evidence.AddGreen(run.Repo, "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", Evidence.AllGates);

        var result = await run.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("github-pages", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Writes);
        Assert.DoesNotContain("decision", result.Outputs.Keys);
    }

    [Fact]
    public async Task Action_ShaAndPullRequestInputs_OverrideTheEventsCommitAndPullRequest()
    {
        const string other = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        run.Inputs["sha"] = other.ToUpperInvariant();
        run.Inputs["pull-request"] = "5";
        Evidence.AddGreen(run.Repo, other, "G1");
        run.Repo.AddPullRequest(5, other);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(other, result.Output("sha"));
        Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains(PullRequestScenario.Sha, StringComparison.Ordinal));
        Assert.EndsWith("/issues/5/comments", Endpoints.PathOnly(Assert.Single(result.To(Endpoints.CreateComment))), StringComparison.Ordinal);
        Assert.Empty(run.Repo.Comments(PullRequestScenario.Number));
        Assert.Equal(2, run.Repo.CheckRuns(other).Count(r => r.CreatedViaApi)); // merge: the aggregate and G1
    }

    [Fact]
    public async Task Action_WorkflowRunWithoutPullRequestsAndNoneFound_DecidesWithoutComment()
    {
        const string sha = "3484a3fb816e0859fd6e1cea078d76385ff50625";
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "workflow_run", "workflow_run/completed.payload.json", log);
        Evidence.AddGreen(run.Repo, sha, "G1");
        var closed = run.Repo.AddPullRequest(9, sha);
        closed.State = "closed";
        run.Repo.LinkCommitToPullRequests(sha, 9);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.To(Endpoints.CommitPulls));
        Assert.DoesNotContain(result.Requests, r => r.PathAndQuery.Contains("/issues/", StringComparison.Ordinal));
        Assert.Equal(2, result.To(Endpoints.CreateCheckRun).Count); // merge: the aggregate and G1
    }
}
