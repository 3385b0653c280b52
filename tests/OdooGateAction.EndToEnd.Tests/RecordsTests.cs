using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>Re-runs on the same commit: check runs updated in place, one sticky comment, updated only when it changed.</summary>
public sealed class RecordsTests(ITestOutputHelper log)
{
    /// <summary>A re-run comes later (a CI job finishing, a manual re-run): at least a second, so its clock differs.</summary>
    private static readonly TimeSpan LaterRun = TimeSpan.FromSeconds(1.1);

    [Fact]
    public async Task Action_SecondRunSameDecision_UpdatesTheTwoCheckRunsAndLeavesTheCommentUnchanged()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");

        var first = await run.RunAsync();
        var created = run.Repo.CheckRuns(PullRequestScenario.Sha).Where(r => r.CreatedViaApi).Select(r => r.Id).Order().ToList();
        var comment = Assert.Single(run.Repo.Comments(PullRequestScenario.Number));
        var firstBody = comment.Body;
        await Task.Delay(LaterRun);
        var second = await run.RunAsync();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(2, first.To(Endpoints.CreateCheckRun).Count); // merge requires G1 only: the aggregate and G1
        Assert.Equal(2, created.Count);
        Assert.Empty(second.To(Endpoints.CreateCheckRun));
        Assert.Equal(created, second.To(Endpoints.UpdateCheckRun).Select(r => long.Parse(Endpoints.PathOnly(r).Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture)).Order());
        Assert.Equal(2, run.Repo.CheckRuns(PullRequestScenario.Sha).Count(r => r.CreatedViaApi));

        // Same decision, same evidence: the sticky comment's text is the same, so it is not written again.
        Assert.Empty(second.To(Endpoints.CreateComment));
        var changed = DifferingLines(firstBody, Assert.Single(run.Repo.Comments(PullRequestScenario.Number)).Body);
        Assert.True(second.To(Endpoints.UpdateComment).Count == 0, $"the unchanged sticky comment was PATCHed; the lines that differ: {changed}");
        Assert.Contains("comments 0 created, 0 updated, 1 unchanged", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(comment.Id, Assert.Single(run.Repo.Comments(PullRequestScenario.Number)).Id);
    }

    [Fact]
    public async Task Action_SecondRunDecisionChanged_UpdatesTheOneStickyCommentInPlace()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", conclusion: "failure", startedAt: FakeRepository.BaseTime.AddHours(1));

        var first = await run.RunAsync();
        var comment = Assert.Single(run.Repo.Comments(PullRequestScenario.Number));
        var firstBody = comment.Body; // the fake's object: the PATCH below changes it
        run.Repo.AddCheckRun(PullRequestScenario.Sha, "pre-commit", conclusion: "success", startedAt: FakeRepository.BaseTime.AddHours(2)); // the re-run passed
        var second = await run.RunAsync();

        Assert.Equal((1, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(("block", "allow"), (first.Output("decision"), second.Output("decision")));
        Assert.Contains("blocked", firstBody, StringComparison.Ordinal);
        Assert.Empty(second.To(Endpoints.CreateCheckRun));
        Assert.Equal(2, second.To(Endpoints.UpdateCheckRun).Count); // the aggregate and G1
        Assert.Equal("success", Assert.Single(run.Repo.CheckRuns(PullRequestScenario.Sha), r => r.Name == "odoo-gates/merge").Conclusion);
        Assert.Empty(second.To(Endpoints.CreateComment));
        var patch = Assert.Single(second.To(Endpoints.UpdateComment));
        Assert.EndsWith($"/issues/comments/{comment.Id}", Endpoints.PathOnly(patch), StringComparison.Ordinal);
        var updated = Assert.Single(run.Repo.Comments(PullRequestScenario.Number));
        Assert.Equal(comment.Id, updated.Id);
        Assert.StartsWith(PullRequestScenario.Marker, updated.Body, StringComparison.Ordinal);
        Assert.Contains("allowed", updated.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_MarkedCommentByAnotherUser_LeavesItAloneAndKeepsItsOwnSticky()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        const string theirs = PullRequestScenario.Marker + "\n### ✅ Promotion to `merge` allowed (trust me)";
        var impostor = run.Repo.AddComment(PullRequestScenario.Number, theirs, "mallory");

        var first = await run.RunAsync();
        await Task.Delay(LaterRun);
        var second = await run.RunAsync();

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Single(first.To(Endpoints.CreateComment));
        Assert.Empty(first.To(Endpoints.UpdateComment));
        Assert.Empty(second.To(Endpoints.CreateComment));
        Assert.DoesNotContain(first.Requests.Concat(second.Requests), r => r.Method != "GET" && r.PathAndQuery.EndsWith($"/comments/{impostor.Id}", StringComparison.Ordinal));
        var comments = run.Repo.Comments(PullRequestScenario.Number);
        Assert.Equal(2, comments.Count);
        Assert.Equal(theirs, comments.Single(c => c.Id == impostor.Id).Body);
        var own = Assert.Single(comments, c => c.Login == server.WriterLogin);
        Assert.StartsWith(PullRequestScenario.Marker, own.Body, StringComparison.Ordinal);
    }

    private static string DifferingLines(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var lines = Enumerable.Range(0, Math.Max(a.Length, b.Length))
            .Where(i => i >= a.Length || i >= b.Length || a[i] != b[i])
            .Select(i => $"line {i + 1}: '{(i < a.Length ? a[i] : "")}' -> '{(i < b.Length ? b[i] : "")}'");
        return string.Join("; ", lines);
    }

    [Fact]
    public async Task Action_CommentAndCheckRunsInputsFalse_WritesNeither()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Inputs["comment"] = "false";
        run.Inputs["check-runs"] = "FALSE";

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Writes);
        Assert.Equal("allow", result.Output("decision"));
    }
}
