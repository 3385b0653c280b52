using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// The override path end to end on <c>staging</c> (G1, G2; no two-person rule): the label, who applied it and when
/// (issue events), the push time (first check suite), the reason comment, and every record of the decision.
/// </summary>
public sealed class OverrideTests(ITestOutputHelper log)
{
    private const string Upgrade = "upgrade-from-previous";

    /// <param name="labeller">Who applies <c>gate-override:G2</c>.</param>
    /// <param name="pushHoursAgo">The first check suite of the head commit (the push).</param>
    /// <param name="labelHoursAgo">When the label was applied.</param>
    /// <param name="commenter">Who comments <c>/gate-override G2: ...</c> five minutes after the label ("" nobody).</param>
    /// <param name="commentBody">The comment ("" the usual reason command).</param>
    [Theory]
    [InlineData("honoured", OverrideScenario.ReleaseManager, 2, 1, OverrideScenario.ReleaseManager, "", "override_honoured", 0, "overridden")]
    [InlineData("unauthorized", OverrideScenario.QaPerson, 2, 1, OverrideScenario.QaPerson, "", "override_not_authorized", 1, "failed")]
    [InlineData("stale", OverrideScenario.ReleaseManager, 1, 2, OverrideScenario.ReleaseManager, "", "override_stale", 1, "failed")]
    [InlineData("expired", OverrideScenario.ReleaseManager, 80, 73, OverrideScenario.ReleaseManager, "", "override_expired", 1, "failed")]
    [InlineData("no comment", OverrideScenario.ReleaseManager, 2, 1, "", "", "override_reason_missing", 1, "failed")]
    [InlineData("comment by another", OverrideScenario.ReleaseManager, 2, 1, OverrideScenario.Sre, "", "override_reason_missing", 1, "failed")]
    [InlineData("no reason text", OverrideScenario.ReleaseManager, 2, 1, OverrideScenario.ReleaseManager, "/gate-override G2", "override_reason_missing", 1, "failed")]
    [InlineData("reason for another gate", OverrideScenario.ReleaseManager, 2, 1, OverrideScenario.ReleaseManager, "/gate-override G1: OPS-1234 lint waived", "override_reason_missing", 1, "failed")]
    public async Task Action_OverrideLabelOnStaging_DecidedByEveryRuleAndRecordedOnce(
        string scenario, string labeller, double pushHoursAgo, double labelHoursAgo, string commenter, string commentBody, string code, int exitCode, string g2)
    {
        log.WriteLine($"scenario: {scenario}");
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(pushHoursAgo);
        var labelled = s.Label("G2", labeller, labelHoursAgo);
        if (commenter.Length > 0)
        {
            var at = s.HoursAgo(labelHoursAgo).AddMinutes(5);
            s.Repo.AddComment(s.Number, commentBody.Length > 0 ? commentBody : "/gate-override G2: OPS-1234 upgrade verified by hand", commenter, at);
        }

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(exitCode == 0 ? "allow" : "block", result.Output("decision"));
        Assert.Equal(("passed", g2), (result.Output("g1"), result.Output("g2")));
        Assert.Equal(exitCode == 0 ? string.Empty : "G2", result.Output("blocked-gates"));
        s.AssertRecorded(result, "G2", labelled, code);
        var audit = Assert.Single(OverrideScenario.OverrideEvents(result));
        var evaluated = Assert.Single(OverrideScenario.AuditEvents(result), e => OverrideScenario.Text(e, "event_type") == "gate.evaluated" && OverrideScenario.Text(e, "gate") == "G2");
        Assert.Equal(g2, OverrideScenario.Text(evaluated, "outcome"));
        if (code == "override_honoured")
        {
            Assert.Equal(("release_manager", "OPS-1234 upgrade verified by hand"), (OverrideScenario.Text(audit, "persona"), OverrideScenario.Text(audit, "reason")));
            Assert.Equal(s.HoursAgo(labelHoursAgo).AddHours(72), DateTimeOffset.Parse(OverrideScenario.Text(audit, "expires_at")!, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(OverrideScenario.ReleaseManager, OverrideScenario.Text(evaluated, "actor"));
            Assert.Contains("OPS-1234 upgrade verified by hand", Assert.Single(s.OverrideComments()).Body, StringComparison.Ordinal);
            Assert.Empty(result.BlockingCodes(Upgrade));
        }
        else
        {
            Assert.Contains("check_failed", result.BlockingCodes(Upgrade));
        }

        // The sticky comment and the summary list the decision too; nothing else is removed on "on_unauthorized: comment".
        Assert.Contains("**Overrides**", s.StickyComment().Body, StringComparison.Ordinal);
        Assert.Contains("**Overrides**", result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Requests, r => r.Method == "DELETE");
        Assert.Contains(OverrideScenario.LabelPrefix + "G2", s.Repo.GetPullRequest(s.Number)!.Labels);
    }

    [Theory]
    [InlineData("comment", false)]
    [InlineData("comment-and-remove-label", true)]
    public async Task Action_UnauthorizedLabeller_RefusedCommentedAndLabelRemovedOnlyWhenConfigured(string onUnauthorized, bool removed)
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.Run.Payload["sender"]!["login"] = OverrideScenario.ReleaseManager; // the webhook sender is not who labelled
        s.Run.UseConfigCopy((name, text) => name == "overrides.yaml"
            ? Regex.Replace(text, "(?m)^on_unauthorized: .*$", "on_unauthorized: " + onUnauthorized)
            : text);
        s.AddEvidence(Upgrade);
        s.Push(2);
        var labelled = s.Label("G2", OverrideScenario.QaPerson, 1);
        s.Reason(OverrideScenario.QaPerson, "G2", "OPS-1 looks fine to me", 0.9);

        var result = await s.Run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", result.Output("g2"));
        s.AssertRecorded(result, "G2", labelled, "override_not_authorized");
        var comment = Assert.Single(s.OverrideComments()).Body;
        Assert.Contains("qa-quentin holds no persona", comment, StringComparison.Ordinal);
        var deletes = result.Requests.Where(r => r.Method == "DELETE").ToList();
        var labels = s.Repo.GetPullRequest(s.Number)!.Labels;
        if (removed)
        {
            var delete = Assert.Single(deletes);
            Assert.Equal(200, delete.Status);
            Assert.Matches("/issues/2/labels/gate-override(:|%3A)G2$", Endpoints.PathOnly(delete));
            Assert.DoesNotContain(OverrideScenario.LabelPrefix + "G2", labels);
            Assert.Contains(s.Repo.IssueEvents(s.Number), e => e.Event == "unlabeled" && e.Actor == server.WriterLogin);
        }
        else
        {
            Assert.Empty(deletes);
            Assert.Contains(OverrideScenario.LabelPrefix + "G2", labels);
        }
    }

    /// <summary>
    /// A forged committer date cannot make a stale label fresh: the push time is GitHub's <c>created_at</c> of the head
    /// commit's earliest check suite (a later suite, a re-run or another app, is no push), and no commit is ever read.
    /// </summary>
    [Theory]
    [InlineData(new[] { 1.0 }, 2, "override_stale", 1)]
    [InlineData(new[] { 1.0, 5.0 }, 2, "override_honoured", 0)]
    [InlineData(new[] { 3.0, 0.5 }, 1, "override_honoured", 0)]
    [InlineData(new double[0], 1, "override_stale", 1)]
    public async Task Action_PushTimeFromEarliestCheckSuite_LabelBeforeItIsStaleWhateverTheCommitSays(double[] suitesHoursAgo, double labelHoursAgo, string code, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(suitesHoursAgo);
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        foreach (var hours in suitesHoursAgo)
        {
            s.Push(hours);
        }

        var labelled = s.Label("G2", OverrideScenario.ReleaseManager, labelHoursAgo);
        s.Reason(OverrideScenario.ReleaseManager, "G2", "OPS-1234 upgrade verified by hand", labelHoursAgo - 0.1);

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        s.AssertRecorded(result, "G2", labelled, code);
        Assert.Single(result.Requests, r => Endpoints.Of(r) == "GET /commits/{sha}/check-suites" && r.PathAndQuery.Contains(s.Sha, StringComparison.Ordinal));
        OverrideScenario.AssertReadsNoCommit(result);
    }

    /// <summary>The same run attempt on the same commit again: no second audit comment, the same audit keys.</summary>
    [Theory]
    [InlineData(2, 1, "override_honoured", 0)]
    [InlineData(1, 2, "override_stale", 1)]
    public async Task Action_SecondRunSameAttempt_PostsNoSecondAuditCommentAndRepeatsTheIdempotencyKeys(double pushHoursAgo, double labelHoursAgo, string code, int exitCode)
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(pushHoursAgo);
        var labelled = s.Label("G2", OverrideScenario.ReleaseManager, labelHoursAgo);
        s.Reason(OverrideScenario.ReleaseManager, "G2", "OPS-1234 upgrade verified by hand", labelHoursAgo - 0.1);

        var first = await s.Run.RunAsync();
        var firstComment = Assert.Single(s.OverrideComments());
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a later clock: keys must not depend on the time
        var second = await s.Run.RunAsync();

        Assert.Equal((exitCode, exitCode), (first.ExitCode, second.ExitCode));
        s.AssertRecorded(second, "G2", labelled, code);
        Assert.Equal(firstComment.Id, Assert.Single(s.OverrideComments()).Id);
        Assert.Single(first.To(Endpoints.CreateComment), r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));
        Assert.DoesNotContain(second.To(Endpoints.CreateComment), r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));
        Assert.DoesNotContain(second.To(Endpoints.UpdateComment), r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));

        var firstEvents = OverrideScenario.AuditEvents(first);
        var secondEvents = OverrideScenario.AuditEvents(second);
        Assert.Equal(3, firstEvents.Count); // G1, G2 evaluated; the override decision
        Assert.Equal(Keys(firstEvents), Keys(secondEvents));
        Assert.NotEqual(OverrideScenario.Text(firstEvents[0], "occurred_at"), OverrideScenario.Text(secondEvents[0], "occurred_at"));
        Assert.Equal(firstEvents.Count, Keys(firstEvents).Count);

        // Appending to a file that holds the first run's events adds nothing: the action never repeats a key.
        var shared = Path.Combine(s.Run.TempRoot, "shared-audit.jsonl");
        File.Copy(first.AuditLogPath, shared);
        var before = File.ReadAllText(shared);
        s.Run.Inputs["audit-log"] = shared;
        var third = await s.Run.RunAsync();
        Assert.Equal(exitCode, third.ExitCode);
        Assert.Equal(before, File.ReadAllText(shared));
        Assert.Single(s.OverrideComments());

        static SortedSet<string> Keys(IEnumerable<JsonObject> events) => new(events.Select(e => OverrideScenario.Text(e, "idempotency_key")!), StringComparer.Ordinal);
    }

    /// <summary>
    /// A reason that tries to forge a status marker, mention a team, break a table row and link elsewhere is shown, but
    /// harmless, wherever it is rendered.
    /// </summary>
    [Fact]
    public async Task Action_ReasonWithMarkupAndMention_RenderedHarmlessInEveryRecord()
    {
        const string reason = "OPS-1234 <!-- odoo-gates:merge --> @acme/odoo-sre | [x](https://evil.example)";
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(2);
        var labelled = s.Label("G2", OverrideScenario.ReleaseManager, 1);
        s.Reason(OverrideScenario.ReleaseManager, "G2", reason, 0.9);

        var result = await s.Run.RunAsync();

        Assert.Equal(0, result.ExitCode);
        s.AssertRecorded(result, "G2", labelled, "override_honoured");
        Assert.Equal(reason, OverrideScenario.Text(Assert.Single(OverrideScenario.OverrideEvents(result)), "reason")); // data, not Markdown

        var auditComment = Assert.Single(s.OverrideComments()).Body;
        var sticky = s.StickyComment().Body;
        var gateRun = s.GateCheckRun("G2");
        var targetRun = s.TargetCheckRun();
        var records = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["audit comment"] = auditComment,
            ["sticky comment"] = sticky,
            ["G2 check run"] = $"{gateRun.OutputTitle}\n{gateRun.OutputSummary}\n{gateRun.OutputText}",
            ["target check run"] = $"{targetRun.OutputTitle}\n{targetRun.OutputSummary}\n{targetRun.OutputText}",
            ["job summary"] = result.Summary,
        };
        Assert.Contains("OPS-1234", auditComment, StringComparison.Ordinal);
        Assert.Contains("evil.example", auditComment, StringComparison.Ordinal); // shown, as text
        Assert.Contains("OPS-1234", gateRun.OutputSummary, StringComparison.Ordinal);
        Assert.Contains("OPS-1234", sticky, StringComparison.Ordinal);
        foreach (var (name, text) in records)
        {
            var comments = Regex.Matches(text, "<!--.*?-->", RegexOptions.Singleline).Select(m => m.Value).ToList();
            Assert.True(comments.TrueForAll(c => c == OverrideScenario.Marker("G2", labelled.Id) || c == "<!-- odoo-gates:staging -->"),
                $"{name}: an HTML comment that is not our marker: {string.Join(" ", comments)}");
            Assert.DoesNotContain("<!-- odoo-gates:merge", text, StringComparison.Ordinal);
            Assert.DoesNotContain("@acme", text, StringComparison.Ordinal);
            Assert.DoesNotContain("](https://evil", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[x]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("| [", text, StringComparison.Ordinal);
        }

        Assert.Equal(1, Regex.Count(auditComment, "<!--"));
        Assert.StartsWith(OverrideScenario.Marker("G2", labelled.Id), auditComment, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(sticky, "<!--"));
        Assert.StartsWith("<!-- odoo-gates:staging -->", sticky, StringComparison.Ordinal);
    }

    /// <summary>A release manager only by team: honoured when the org token can read teams, refused (and said so) without it.</summary>
    [Theory]
    [InlineData(true, "override_honoured", 0)]
    [InlineData(false, "override_not_authorized", 1)]
    public async Task Action_ReleaseManagerByTeamOnly_HonouredOnlyWithOrgToken(bool withOrgToken, string code, int exitCode)
    {
        await using var server = await TestServer.StartAsync();
        server.OrgToken = "ghp_org" + Guid.NewGuid().ToString("N");
        server.AddTeamMember("acme", "odoo-release-managers", OverrideScenario.TeamReleaseManager);
        using var s = OverrideScenario.PullRequest(server, log);
        if (withOrgToken)
        {
            s.Run.Inputs["org-token"] = server.OrgToken;
        }

        s.AddEvidence(Upgrade);
        s.Push(2);
        var labelled = s.Label("G2", OverrideScenario.TeamReleaseManager, 1);
        s.Reason(OverrideScenario.TeamReleaseManager, "G2", "OPS-77 upgrade verified by hand", 0.9);

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        s.AssertRecorded(result, "G2", labelled, code);
        var comment = Assert.Single(s.OverrideComments()).Body;
        var teamRequests = result.Requests.Where(r => r.PathAndQuery.StartsWith("/orgs/", StringComparison.Ordinal)).ToList();
        const string notChecked = "Team membership was not checked";
        if (withOrgToken)
        {
            Assert.Equal(200, Assert.Single(teamRequests, r => Endpoints.PathOnly(r) == "/orgs/acme/teams/odoo-release-managers/memberships/rm-carol").Status);
            Assert.DoesNotContain(notChecked, comment, StringComparison.Ordinal);
            Assert.DoesNotContain(notChecked, s.StickyComment().Body, StringComparison.Ordinal);
            Assert.Equal("release_manager", OverrideScenario.Text(Assert.Single(OverrideScenario.OverrideEvents(result)), "persona"));

            // The org token is masked like the main token, and appears nowhere else.
            var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Contains("::add-mask::" + server.OrgToken, lines);
            Assert.Single(lines, l => l.Contains(server.OrgToken, StringComparison.Ordinal));
            foreach (var text in new[] { result.Stderr, result.OutputsText, result.Summary, File.ReadAllText(result.ReportPath!), comment, s.StickyComment().Body })
            {
                Assert.DoesNotContain(server.OrgToken, text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(OverrideScenario.AuditEvents(result), e => e.ToJsonString().Contains(server.OrgToken, StringComparison.Ordinal));
        }
        else
        {
            Assert.Empty(teamRequests);
            Assert.Contains(notChecked, comment, StringComparison.Ordinal);
            Assert.Contains(notChecked, s.StickyComment().Body, StringComparison.Ordinal);
            Assert.Contains(notChecked, result.Summary, StringComparison.Ordinal);
        }
    }
}

/// <summary>
/// Overrides on the way to production (workflow_dispatch with the <c>pull-request</c> input, or a deployment): G1 is
/// <c>not_overridable</c>; G2 needs two people (release manager and SRE) confirming after the push.
/// </summary>
public sealed class OverrideProductionTests(ITestOutputHelper log)
{
    /// <param name="aliceCommentHoursAgo">The labeller's reason comment (push 2 h ago, label 1 h ago).</param>
    /// <param name="bobCommentHoursAgo">sre-bob's reason comment for the same gate (negative: none).</param>
    [Theory]
    [InlineData("workflow_dispatch", "G1", "pre-commit", 0.9, -1, "override_not_overridable", 1, "failed")]
    [InlineData("deployment", "G1", "pre-commit", 0.9, 0.8, "override_not_overridable", 1, "failed")]
    [InlineData("workflow_dispatch", "G2", "upgrade-from-previous", 0.9, 0.8, "override_honoured", 0, "overridden")]
    [InlineData("deployment", "G2", "upgrade-from-previous", 0.9, 1.5, "override_honoured", 0, "overridden")]
    [InlineData("workflow_dispatch", "G2", "upgrade-from-previous", 0.9, 3, "override_second_person_missing", 1, "failed")]
    [InlineData("workflow_dispatch", "G2", "upgrade-from-previous", 0.9, -1, "override_second_person_missing", 1, "failed")]
    [InlineData("deployment", "G2", "upgrade-from-previous", 3, 0.8, "override_second_person_missing", 1, "failed")]
    public async Task Action_OverrideForProduction_NotOverridableAndTwoPersonRuleApply(
        string eventName, string gate, string failingCheck, double aliceCommentHoursAgo, double bobCommentHoursAgo, string code, int exitCode, string status)
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.Production(server, log, eventName);
        s.AddEvidence(failingCheck);
        s.Push(2);
        var labelled = s.Label(gate, OverrideScenario.ReleaseManager, 1);
        s.Reason(OverrideScenario.ReleaseManager, gate, "OPS-1234 verified by hand", aliceCommentHoursAgo);
        if (bobCommentHoursAgo >= 0)
        {
            s.Reason(OverrideScenario.Sre, gate, "OPS-1234 confirmed, rollback plan ready", bobCommentHoursAgo);
        }

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(("production", s.Sha), (result.Output("target"), result.Output("sha")));
        Assert.Equal(exitCode == 0 ? "allow" : "block", result.Output("decision"));
        Assert.Equal(status, result.Output(gate.ToLowerInvariant()));
        Assert.Equal(exitCode == 0 ? string.Empty : gate, result.Output("blocked-gates"));
        s.AssertRecorded(result, gate, labelled, code);
        var audit = Assert.Single(OverrideScenario.OverrideEvents(result));
        var confirmers = audit["confirmers"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var comment = Assert.Single(s.OverrideComments()).Body;
        if (exitCode == 0)
        {
            Assert.Equal([OverrideScenario.Sre], confirmers);
            Assert.Contains("confirmed by <code>sre-bob</code>", comment, StringComparison.Ordinal);
            Assert.Contains("confirmed by <code>sre-bob</code>", s.GateCheckRun(gate).OutputSummary, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(confirmers);
        }
    }
}

/// <summary>merge_group: the queued PR's override counts for the group's commit; its push time is the PR head's.</summary>
public sealed class OverrideMergeGroupTests(ITestOutputHelper log)
{
    /// <param name="pullRequestPushHoursAgo">The first check suite of PR #104's head commit.</param>
    /// <param name="groupSuiteHoursAgo">A check suite of the merge group's own commit (not the PR's push).</param>
    [Theory]
    [InlineData(2, 0.25, "override_honoured", 0, "overridden")]
    [InlineData(0.5, 3, "override_stale", 1, "failed")]
    public async Task Action_MergeGroupOfLabelledPullRequest_UsesThatPullRequestsOverrideAndPushTime(
        double pullRequestPushHoursAgo, double groupSuiteHoursAgo, string code, int exitCode, string g1)
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.MergeGroup(server, log);
        s.AddEvidence("pre-commit");
        s.Push(pullRequestPushHoursAgo);
        s.Repo.AddCheckSuite(OverrideScenario.MergeGroupSha, s.HoursAgo(groupSuiteHoursAgo));
        var labelled = s.Label("G1", OverrideScenario.ReleaseManager, 1);
        s.Reason(OverrideScenario.ReleaseManager, "G1", "OPS-1234 lint rule misfires on generated code", 0.9);

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(("merge", OverrideScenario.MergeGroupSha), (result.Output("target"), result.Output("sha")));
        Assert.Equal(g1, result.Output("g1"));
        s.AssertRecorded(result, "G1", labelled, code);
        Assert.Equal(s.Number, Assert.Single(OverrideScenario.OverrideEvents(result))["pull_request"]!.GetValue<int>());
        Assert.Contains(result.Requests, r => Endpoints.PathOnly(r).EndsWith($"/commits/{OverrideScenario.QueuedPullRequestHeadSha}/check-suites", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Requests, r => Endpoints.PathOnly(r).EndsWith($"/commits/{OverrideScenario.MergeGroupSha}/check-suites", StringComparison.Ordinal));
        Assert.Equal(exitCode == 0 ? "success" : "failure", s.TargetCheckRun().Conclusion);
    }
}
