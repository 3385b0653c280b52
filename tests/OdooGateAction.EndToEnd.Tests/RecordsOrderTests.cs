using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using OdooGateAction.Testing;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// The required check run <c>odoo-gates/&lt;target&gt;</c> is the decision branch protection reads: written after every
/// other record, and never <c>success</c> on a run that exits non-zero.
/// </summary>
public sealed class RecordsOrderTests(ITestOutputHelper log)
{
    private const string Aggregate = "odoo-gates/merge";

    /// <summary>Whether a request writes the required check run, and with which conclusion.</summary>
    private static bool WritesRequiredCheck(RecordedRequest request, string? conclusion = null) =>
        request.Body.StartsWith('{') && JsonNode.Parse(request.Body) is JsonObject body
        && body["name"]?.GetValue<string>() == Aggregate
        && (conclusion is null || body["conclusion"]?.GetValue<string>() == conclusion);

    private static CheckRun RequiredCheck(ActionRun run) =>
        Assert.Single(run.Repo.CheckRuns(PullRequestScenario.Sha), r => r.CreatedViaApi && r.Name == Aggregate);

    [Fact]
    public async Task Action_AllGreen_RequiredCheckRunIsTheLastWriteToGitHub()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        var last = result.Writes[^1];
        Assert.Equal(("POST", Endpoints.CreateCheckRun), (last.Method, Endpoints.Of(last)));
        Assert.True(WritesRequiredCheck(last), $"the last write is not the required check run: {last.Body}");
        Assert.Contains(result.Writes, w => Endpoints.Of(w) == Endpoints.CreateComment);
        Assert.Equal("success", RequiredCheck(run).Conclusion);
    }

    [Theory]
    [InlineData(500, "persistent 500")]
    [InlineData(422, "validation failed")]
    public async Task Action_AllGreenButTheCommentCannotBeWritten_RequiredCheckRunSaysFailureAndExitsThree(int status, string scenario)
    {
        log.WriteLine(scenario);
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Environment["ODOO_GATES_MAX_RETRIES"] = "2";
        server.Faults.Add("POST", $"/repos/{run.Repository}/issues/{PullRequestScenario.Number}/comments", Fault.Status(status), times: 100);

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        var required = RequiredCheck(run);
        Assert.Equal("failure", required.Conclusion);
        Assert.StartsWith("Records incomplete", required.OutputTitle, StringComparison.Ordinal);
        Assert.Empty(result.Outputs); // no decision for later steps to trust
        Assert.DoesNotContain(result.Writes, w => WritesRequiredCheck(w, "success"));
    }

    [Fact]
    public async Task Action_AReRunWhoseCommentFails_TurnsAnEarlierSuccessToFailure()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var first = await run.RunAsync();
        Assert.Equal(("success", 0), (RequiredCheck(run).Conclusion, first.ExitCode));
        run.Payload["pull_request"]!["title"] = "edited";
        run.Repo.AddCheckRun(PullRequestScenario.Sha, "test (18.0)"); // new evidence: the comment's text changes
        run.Environment["ODOO_GATES_MAX_RETRIES"] = "1";
        server.Faults.Add("PATCH", $"/repos/{run.Repository}/issues/comments/", Fault.Status(500), times: 100);

        var second = await run.RunAsync();

        Assert.Equal(3, second.ExitCode);
        Assert.Equal("failure", RequiredCheck(run).Conclusion);
    }

    [Fact]
    public async Task Action_CommentRefusedWith403_WarnsAndTheDecisionStands()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        server.Faults.Add("POST", $"/repos/{run.Repository}/issues/{PullRequestScenario.Number}/comments",
            Fault.Status(403, """{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/issues/comments#create-an-issue-comment","status":"403"}"""), times: 100);

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("success", RequiredCheck(run).Conclusion);
        Assert.Contains(result.Commands("warning"), w => w.Contains("403", StringComparison.Ordinal));
        Assert.Equal("allow", result.Output("decision"));
    }

    [Fact]
    public async Task Action_OutputsCannotBeWritten_RequiredCheckTurnedToFailureAfterItSaidSuccess()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        var notAFile = Directory.CreateDirectory(Path.Combine(run.TempRoot, "github_output_is_a_folder")).FullName;
        run.Environment["GITHUB_OUTPUT"] = notAFile;

        var result = await run.RunAsync();

        Assert.Equal(3, result.ExitCode);
        var writes = result.Writes.Where(w => WritesRequiredCheck(w)).ToList();
        Assert.Equal(2, writes.Count); // written with the decision, then corrected
        Assert.True(WritesRequiredCheck(writes[0], "success") && WritesRequiredCheck(writes[1], "failure"));
        Assert.Equal(("POST", "PATCH"), (writes[0].Method, writes[1].Method));
        Assert.Equal("failure", RequiredCheck(run).Conclusion);
        // A decision was reached: the message says which, and names GITHUB_OUTPUT in plain words.
        Assert.Equal(
            $"error: records incomplete, so the step fails: 'allow' was decided for merge, but the step outputs could not be written: the GITHUB_OUTPUT file '{notAFile}' is a folder, not a file",
            result.Stderr.Trim());
        SpecialFiles.AssertPlain(result.Stderr);
    }

    [Fact]
    public async Task Action_UnwritableJobSummary_WarnsAndTheDecisionStands()
    {
        await using var server = await TestServer.StartAsync();
        using var run = PullRequestScenario.Create(server, log);
        Evidence.AddGreen(run.Repo, PullRequestScenario.Sha, "G1");
        run.Environment["GITHUB_STEP_SUMMARY"] = Directory.CreateDirectory(Path.Combine(run.TempRoot, "summary_is_a_folder")).FullName;

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.Commands("warning"), w => w.EndsWith(
            $"could not write the job summary: the GITHUB_STEP_SUMMARY file '{run.Environment["GITHUB_STEP_SUMMARY"]}' is a folder, not a file; the decision, check runs, outputs and JSON report are unaffected.",
            StringComparison.Ordinal));
        SpecialFiles.AssertPlain(result.Stdout);
        Assert.Equal(("success", "allow"), (RequiredCheck(run).Conclusion, result.Output("decision")));
    }
}
