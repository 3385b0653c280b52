using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// <c>review: release_manager</c> on G3, end to end on the fake GitHub: the reviews endpoint (GitHub's review shapes),
/// the push time (first check suite), the reviewers' personas (users, teams through the org token), the decision and
/// its records; and no reviews request at all when the mapping has no <c>review:</c> entry.
/// </summary>
public sealed class ReviewTests(ITestOutputHelper log)
{
    private const string Reviews = "GET /pulls/{n}/reviews";
    private const string ReleaseManager = "rel-mgr-alice";
    private const string QaPerson = "qa-quentin";
    private const string TeamReleaseManager = "rm-carol";
    private const string Author = "dev-dora";
    private const string Review = "release_manager";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static DateTimeOffset HoursAgo(double hours) => Now.AddSeconds(-Math.Round(hours * 3600));

    /// <summary>
    /// PR #2 (head <see cref="PullRequestScenario.Sha"/>) by <paramref name="author"/>, pushed 2 hours ago, all CI evidence of
    /// production green, and the shipped gates (without the freeze) with <c>- review: release_manager</c> first under G3.
    /// </summary>
    private static ActionRun Production(FakeGitHubServer server, ITestOutputHelper log, string eventName = "pull_request", string author = Author)
    {
        var run = eventName == "pull_request_review"
            ? new ActionRun(server, "pull_request_review", "pull_request_review/submitted.payload.json", log)
            : new ActionRun(server, "pull_request", "pull_request/opened.payload.json", log);
        run.Repo.AddPullRequest(PullRequestScenario.Number, PullRequestScenario.Sha).Author = author;
        run.Inputs["target"] = "production";
        WithReviewOnG3(run);
        AddGreenEvidence(run.Repo, PullRequestScenario.Sha);
        run.Repo.AddCheckSuite(PullRequestScenario.Sha, HoursAgo(2));
        return run;
    }

    private static void WithReviewOnG3(ActionRun run, string entry = "- review: release_manager")
    {
        var mapping = Path.Combine(run.UseConfigWithoutFreeze(), "ci_gate_mapping.yaml");
        var text = File.ReadAllText(mapping);
        Assert.Contains("  G3:\n    - check: changelog\n", text, StringComparison.Ordinal);
        File.WriteAllText(mapping, text.Replace("  G3:\n", $"  G3:\n    {entry}\n", StringComparison.Ordinal));
    }

    private static void AddGreenEvidence(FakeRepository repo, string sha)
    {
        foreach (var check in Evidence.AllGates.SelectMany(g => Evidence.ChecksByGate[g]))
        {
            repo.AddCheckRun(sha, check, conclusion: "success");
        }

        repo.AddStatus(sha, "security/scan", "success", creator: "scanner-bot");
    }

    private static JsonObject ReviewCheck(ActionResult result) =>
        result.Report!["gates"]!.AsArray().Single(g => g!["id"]!.GetValue<string>() == "G3")!["checks"]!.AsArray()
            .Single(c => c!["kind"]!.GetValue<string>() == "review")!.AsObject();

    /// <param name="reviews">"login STATE hoursAgo" items, in the order submitted; "dismiss" dismisses the review before it.</param>
    [Theory]
    [InlineData("approved by a release manager", Author, new[] { ReleaseManager + " APPROVED 1" }, 0, "passed", "review_approved")]
    [InlineData("approved by the author", ReleaseManager, new[] { ReleaseManager + " APPROVED 1" }, 1, "missing", "review_self_approval")]
    [InlineData("approved by someone without the persona", Author, new[] { QaPerson + " APPROVED 1" }, 1, "missing", "review_missing")]
    [InlineData("approved before the push", Author, new[] { ReleaseManager + " APPROVED 3" }, 1, "missing", "review_stale")]
    [InlineData("approved, then dismissed", Author, new[] { ReleaseManager + " APPROVED 1", "dismiss" }, 1, "missing", "review_missing")]
    [InlineData("changes requested by a release manager", Author, new[] { QaPerson + " APPROVED 1.5", ReleaseManager + " CHANGES_REQUESTED 1" }, 1, "failed", "review_changes_requested")]
    [InlineData("a comment after the approval", Author, new[] { ReleaseManager + " APPROVED 1", ReleaseManager + " COMMENTED 0.5" }, 0, "passed", "review_approved")]
    public async Task Action_ReviewOnG3_DecidedByEachRule(string scenario, string author, string[] reviews, int exitCode, string g3, string code)
    {
        log.WriteLine($"scenario: {scenario}");
        await using var server = await TestServer.StartAsync();
        using var run = Production(server, log, author: author);
        Review? last = null;
        foreach (var item in reviews)
        {
            if (item == "dismiss")
            {
                run.Repo.DismissReview(last!.Id);
                continue;
            }

            var parts = item.Split(' ');
            last = run.Repo.AddReview(PullRequestScenario.Number, parts[0], parts[1], HoursAgo(double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        }

        var result = await run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(g3, result.Output("g3"));
        var check = ReviewCheck(result);
        Assert.Equal((code, Review, 1), (check["reason"]!.GetValue<string>(), check["pattern"]!.GetValue<string>(), check["min"]!.GetValue<int>()));
        Assert.Equal(exitCode == 0 ? [] : [code], result.BlockingCodes(Review));
        Assert.Single(result.To(Reviews));
        if (code == "review_approved")
        {
            var approver = Assert.Single(check["matches"]!.AsArray())!;
            Assert.Equal((ReleaseManager, "APPROVED", 2), (approver["name"]!.GetValue<string>(), approver["state"]!.GetValue<string>(), approver["pull_request"]!.GetValue<int>()));
            Assert.Equal(HoursAgo(1), DateTimeOffset.Parse(approver["submitted_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));

            // The gate's evidence lists who approved and when, in the summary and on the gate's check run.
            Assert.Contains($"{ReleaseManager}</a> APPROVED at", result.Summary, StringComparison.Ordinal);
            var g3Run = run.Repo.CheckRuns(PullRequestScenario.Sha).Single(r => r.Name == "odoo-gates/production/G3");
            Assert.Contains("APPROVED at", g3Run.OutputText ?? g3Run.OutputSummary, StringComparison.Ordinal);
        }
    }

    /// <summary>The <c>pull_request_review</c> event is read: commit = pull_request.head.sha, PR = pull_request.number, policy from pull_request.base.ref.</summary>
    [Fact]
    public async Task Action_PullRequestReviewEvent_ReEvaluatesThePullRequest()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Production(server, log, "pull_request_review");
        run.Repo.AddReview(PullRequestScenario.Number, ReleaseManager, "APPROVED", HoursAgo(1));

        var result = await run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(("passed", PullRequestScenario.Sha, "master"), (result.Output("g3"), result.Output("sha"), result.Output("config-ref")));
        Assert.Equal($"/repos/Codertocat/Hello-World/pulls/{PullRequestScenario.Number}/reviews", Endpoints.PathOnly(Assert.Single(result.To(Reviews))));
    }

    /// <summary>A release manager only through the team acme/odoo-release-managers: counted with the org token, not without it.</summary>
    [Theory]
    [InlineData(true, 0, "review_approved")]
    [InlineData(false, 1, "review_missing")]
    public async Task Action_ReviewerReleaseManagerByTeam_CountsOnlyWithOrgToken(bool withOrgToken, int exitCode, string code)
    {
        await using var server = await TestServer.StartAsync();
        server.OrgToken = "ghp_org" + Guid.NewGuid().ToString("N");
        server.AddTeamMember("acme", "odoo-release-managers", TeamReleaseManager);
        using var run = Production(server, log);
        if (withOrgToken)
        {
            run.Inputs["org-token"] = server.OrgToken;
        }

        run.Repo.AddReview(PullRequestScenario.Number, TeamReleaseManager, "APPROVED", HoursAgo(1));

        var result = await run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        var check = ReviewCheck(result);
        Assert.Equal(code, check["reason"]!.GetValue<string>());
        var teamRequests = result.Requests.Where(r => r.PathAndQuery.StartsWith("/orgs/", StringComparison.Ordinal)).ToList();
        if (withOrgToken)
        {
            Assert.Equal(200, Assert.Single(teamRequests, r => Endpoints.PathOnly(r) == "/orgs/acme/teams/odoo-release-managers/memberships/rm-carol").Status);
        }
        else
        {
            Assert.Empty(teamRequests);
            Assert.Contains("team membership was not checked", check["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    /// <summary>A merge group of PRs #104 and #105: each must have the approval; #105 lacks it, so merge is blocked naming it.</summary>
    [Fact]
    public async Task Action_MergeGroupOfTwo_EachPullRequestMustBeApproved()
    {
        const string group = "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d";
        const string head104 = "929f8209d40f77f4abc622a499c93a83babdbe64";
        const string head105 = "0123456789abcdef0123456789abcdef01234567";
        await using var server = await TestServer.StartAsync();
        using var run = new ActionRun(server, "merge_group", "merge_group/checks_requested.payload.json", log);
        run.Payload["merge_group"]!["head_ref"] = $"refs/heads/gh-readonly-queue/main/pr-104-{head104}-pr-105-{head105}";
        var mapping = Path.Combine(run.UseConfigCopy(), "ci_gate_mapping.yaml");
        File.WriteAllText(mapping, File.ReadAllText(mapping).Replace("  G1:\n", "  G1:\n    - review: release_manager\n", StringComparison.Ordinal));
        run.Repo.AddPullRequest(104, head104).Author = Author;
        run.Repo.AddPullRequest(105, head105).Author = Author;
        AddGreenEvidence(run.Repo, group);
        run.Repo.AddCheckSuite(head104, HoursAgo(2));
        run.Repo.AddCheckSuite(head105, HoursAgo(2));
        run.Repo.AddReview(104, ReleaseManager, "APPROVED", HoursAgo(1));
        run.Repo.AddReview(105, QaPerson, "APPROVED", HoursAgo(1));

        var result = await run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(("merge", "missing"), (result.Output("target"), result.Output("g1")));
        Assert.Equal(["review_missing"], result.BlockingCodes(Review));
        var check = result.Report!["gates"]!.AsArray().Single(g => g!["id"]!.GetValue<string>() == "G1")!["checks"]!.AsArray()
            .Single(c => c!["kind"]!.GetValue<string>() == "review")!;
        Assert.Contains("PR #105: no approval by release_manager", check["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("PR #104", check["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(104, Assert.Single(check["matches"]!.AsArray())!["pull_request"]!.GetValue<int>());
        var standing = check["reviews"]!.AsArray();
        Assert.Equal(["104 passed 0 rel-mgr-alice", "105 missing 1 "], standing.Select(r =>
            $"{r!["pull_request"]} {r["outcome"]} {r["still_needed"]} {string.Join(",", r["approvers"]!.AsArray().Select(a => a!.GetValue<string>()))}"));
        Assert.Equal(2, result.To(Reviews).Count);
    }

    /// <summary>
    /// The request budget: with no <c>review:</c> entry (the shipped gates) nothing about reviews is asked; with one, the
    /// PR, its reviews and its check suites (push time) are read once each.
    /// </summary>
    [Fact]
    public async Task Action_Requests_ReviewsReadOnlyWhenTheMappingHasAReviewEntry()
    {
        await using var server = await TestServer.StartAsync();
        using var without = PullRequestScenario.Create(server, log);
        AddGreenEvidence(without.Repo, PullRequestScenario.Sha);
        var plain = await without.RunAsync();

        await using var server2 = await TestServer.StartAsync();
        using var with = Production(server2, log);
        with.Inputs["target"] = "merge";
        with.Repo.AddReview(PullRequestScenario.Number, ReleaseManager, "APPROVED", HoursAgo(1));
        var reviewed = await with.RunAsync();

        foreach (var (name, result) in new[] { ("without review entries", plain), ("with a review entry", reviewed) })
        {
            log.WriteLine($"{name}: {result.Requests.Count} requests");
            foreach (var (endpoint, count) in Endpoints.Breakdown(result.Requests))
            {
                log.WriteLine($"  {count,3} {endpoint}");
            }
        }

        Assert.Equal(0, plain.ExitCode);
        Assert.Empty(plain.To(Reviews));
        Assert.Empty(plain.To("GET /commits/{sha}/check-suites"));
        Assert.Empty(plain.To("GET /pulls/{n}"));
        Assert.Single(reviewed.To(Reviews));
        Assert.Single(reviewed.To("GET /pulls/{n}"));
        Assert.Single(reviewed.To("GET /commits/{sha}/check-suites"));
        var added = Endpoints.Breakdown(reviewed.Requests).ToDictionary(p => p.Endpoint, p => p.Count);
        foreach (var (endpoint, count) in Endpoints.Breakdown(plain.Requests))
        {
            Assert.Equal(count, added.GetValueOrDefault(endpoint));
        }

        Assert.Equal(plain.Requests.Count + 3, reviewed.Requests.Count);
    }

    [Fact]
    public async Task Action_OverrideLabelAndReviewEntry_ReadThePullRequestAndItsPushTimeOnce()
    {
        await using var server = await TestServer.StartAsync();
        using var run = Production(server, log);
        run.Repo.AddReview(PullRequestScenario.Number, ReleaseManager, "APPROVED", HoursAgo(1));
        // An override label on the PR too (in the payload as GitHub's would show it): both collectors need the PR
        // and its push time.
        run.Repo.AddLabelEvent(PullRequestScenario.Number, "labeled", "gate-override:G4", ReleaseManager, HoursAgo(1));
        run.Payload["pull_request"]!["labels"]!.AsArray().Add(new JsonObject { ["name"] = "gate-override:G4", ["color"] = "d73a4a", ["default"] = false });

        var result = await run.RunAsync();

        Assert.Equal("passed", result.Output("g3"));
        Assert.Single(result.To(Reviews));
        Assert.Single(result.To("GET /issues/{n}/events"));
        Assert.Single(result.To("GET /pulls/{n}"));
        Assert.Single(result.To("GET /commits/{sha}/check-suites"));
    }
}
