using System.Globalization;
using System.Text.Json.Nodes;
using OdooGateAction.FakeGitHub;
using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// A pull request on the fake GitHub with an override label on it, and the action run that evaluates it. The action
/// runs on the real clock, so every time here (push, label, reason comments) is "hours before <see cref="Now"/>".
/// </summary>
internal sealed class OverrideScenario : IDisposable
{
    /// <summary>A release manager by <c>users</c> in the shipped personas.yaml: may override G1, G2, G3.</summary>
    public const string ReleaseManager = "rel-mgr-alice";

    /// <summary>An SRE by <c>users</c>: may override G4 only; the second person of production's two-person rule.</summary>
    public const string Sre = "sre-bob";

    /// <summary>A QA person named by no persona's <c>users</c> (and in no team here).</summary>
    public const string QaPerson = "qa-quentin";

    /// <summary>A release manager only through the team <c>acme/odoo-release-managers</c>.</summary>
    public const string TeamReleaseManager = "rm-carol";

    public const string LabelPrefix = "gate-override:";
    public const string MarkerStart = "<!-- odoo-gates:override:";

    /// <summary>The commit <c>workflow_dispatch</c> evaluates (GITHUB_SHA) and PR #2's head.</summary>
    public const string DispatchSha = "4c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

    public const string DeploymentSha = "f95f852bd8fca8fcc58a9a2d6c842781e32a215e";
    public const string MergeGroupSha = "2ffea6db159f6b6c47a24e778fb9ef40cf6b1c7d";
    public const string QueuedPullRequestHeadSha = "929f8209d40f77f4abc622a499c93a83babdbe64";
    public const int QueuedPullRequest = 104;

    private OverrideScenario(FakeGitHubServer server, ActionRun run, string sha, string pullRequestHeadSha, int number, string target)
    {
        Server = server;
        Run = run;
        Sha = sha;
        PullRequestHeadSha = pullRequestHeadSha;
        Number = number;
        Target = target;
    }

    /// <summary>"Now" for the set-up, whole seconds (GitHub's times have no fractions).</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public FakeGitHubServer Server { get; }

    public ActionRun Run { get; }

    public FakeRepository Repo => Run.Repo;

    /// <summary>The commit evaluated (the check runs are read from and written to it).</summary>
    public string Sha { get; }

    /// <summary>The PR's head commit: its first check suite is the push time.</summary>
    public string PullRequestHeadSha { get; }

    /// <summary>The PR that carries the label.</summary>
    public int Number { get; }

    public string Target { get; }

    /// <summary><c>pull_request</c> (opened) on PR #2, evaluated for <paramref name="target"/> through the <c>target</c> input.</summary>
    public static OverrideScenario PullRequest(FakeGitHubServer server, ITestOutputHelper log, string target = "staging")
    {
        var run = new ActionRun(server, "pull_request", "pull_request/opened.payload.json", log);
        run.Repo.AddPullRequest(PullRequestScenario.Number, PullRequestScenario.Sha);
        if (target != "merge")
        {
            run.Inputs["target"] = target;
        }

        return new OverrideScenario(server, run, PullRequestScenario.Sha, PullRequestScenario.Sha, PullRequestScenario.Number, target);
    }

    /// <summary>
    /// <c>workflow_dispatch</c> for <paramref name="target"/> with the <c>pull-request</c> input 2 (whose head is the
    /// dispatched commit), or <c>deployment</c> to production (PR #2 found as the commit's PR). Without the freeze.
    /// </summary>
    public static OverrideScenario Production(FakeGitHubServer server, ITestOutputHelper log, string eventName)
    {
        ActionRun run;
        string sha;
        if (eventName == "deployment")
        {
            run = new ActionRun(server, "deployment", "deployment/payload.json", log);
            sha = DeploymentSha;
        }
        else
        {
            Assert.Equal("workflow_dispatch", eventName);
            run = new ActionRun(server, "workflow_dispatch", "workflow_dispatch/payload.json", log);
            sha = DispatchSha;
            run.GitHubSha = sha;
            run.Inputs["target"] = "production";
            run.Inputs["pull-request"] = "2";
        }

        run.UseConfigWithoutFreeze();
        run.Repo.AddPullRequest(2, sha);
        return new OverrideScenario(server, run, sha, sha, 2, "production");
    }

    /// <summary><c>merge_group</c>: the group's commit is evaluated for <c>merge</c>; the queued PR #104 has its own head.</summary>
    public static OverrideScenario MergeGroup(FakeGitHubServer server, ITestOutputHelper log)
    {
        var run = new ActionRun(server, "merge_group", "merge_group/checks_requested.payload.json", log);
        run.Repo.AddPullRequest(QueuedPullRequest, QueuedPullRequestHeadSha);
        return new OverrideScenario(server, run, MergeGroupSha, QueuedPullRequestHeadSha, QueuedPullRequest, "merge");
    }

    public DateTimeOffset HoursAgo(double hours) => Now.AddSeconds(-Math.Round(hours * 3600));

    /// <summary>The push of the PR's head commit: a check suite GitHub created then.</summary>
    public CheckSuite Push(double hoursAgo) => Repo.AddCheckSuite(PullRequestHeadSha, HoursAgo(hoursAgo));

    /// <summary>
    /// <paramref name="actor"/> applies <c>gate-override:&lt;gate&gt;</c> (a <c>labeled</c> event, and the label on the PR);
    /// for <c>pull_request</c> events the payload's labels show it too, as GitHub's would.
    /// </summary>
    public IssueEvent Label(string gate, string actor, double hoursAgo)
    {
        var label = LabelPrefix + gate;
        var labelled = Repo.AddLabelEvent(Number, "labeled", label, actor, HoursAgo(hoursAgo));
        if (Run.EventName is "pull_request" or "pull_request_target")
        {
            var labels = Run.Payload["pull_request"]!["labels"]!.AsArray();
            labels.Add(new JsonObject { ["name"] = label, ["color"] = "d73a4a", ["default"] = false });
        }

        return labelled;
    }

    /// <summary><paramref name="author"/> comments <c>/gate-override &lt;gate&gt;: &lt;reason&gt;</c>.</summary>
    public Comment Reason(string author, string gate, string reason, double hoursAgo) =>
        Repo.AddComment(Number, $"/gate-override {gate}: {reason}", author, HoursAgo(hoursAgo));

    /// <summary>
    /// CI results for every gate the target requires, all from github-actions: successful except the named checks,
    /// which failed.
    /// </summary>
    public void AddEvidence(params string[] failing)
    {
        foreach (var gate in Evidence.GatesByTarget[Target])
        {
            foreach (var check in Evidence.ChecksByGate[gate])
            {
                Repo.AddCheckRun(Sha, check, conclusion: failing.Contains(check) ? "failure" : "success");
            }

            if (gate == "G3")
            {
                Repo.AddStatus(Sha, "security/scan", "success", creator: "scanner-bot");
            }
        }
    }

    /// <summary>The override audit comments on the PR (found by their marker, whoever wrote them).</summary>
    public IReadOnlyList<Comment> OverrideComments() =>
        [.. Repo.Comments(Number).Where(c => c.Body.Contains(MarkerStart, StringComparison.Ordinal))];

    /// <summary>The sticky status comment of the target.</summary>
    public Comment StickyComment() =>
        Assert.Single(Repo.Comments(Number), c => c.Body.StartsWith($"<!-- odoo-gates:{Target} -->", StringComparison.Ordinal));

    /// <summary>The check run <c>odoo-gates/&lt;target&gt;/&lt;gate&gt;</c> the action wrote on the evaluated commit.</summary>
    public CheckRun GateCheckRun(string gate) =>
        Assert.Single(Repo.CheckRuns(Sha), r => r.CreatedViaApi && r.Name == $"odoo-gates/{Target}/{gate}");

    public CheckRun TargetCheckRun() =>
        Assert.Single(Repo.CheckRuns(Sha), r => r.CreatedViaApi && r.Name == $"odoo-gates/{Target}");

    public static string Marker(string gate, long labelEventId) =>
        $"{MarkerStart}{gate}:{labelEventId.ToString(CultureInfo.InvariantCulture)} -->";

    /// <summary>How a code appears in rendered Markdown: inside <c>&lt;code&gt;</c>, with <c>_</c> as a character reference.</summary>
    public static string Rendered(string code) => code.Replace("_", "&#95;", StringComparison.Ordinal);

    /// <summary>The audit events of a step at the default path, <c>.odoo-gates/audit.jsonl</c> in the workspace (beside the report).</summary>
    public static IReadOnlyList<JsonObject> AuditEvents(ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var path = result.AuditLogPath;
        return ReadAuditLog(path);
    }

    public static IReadOnlyList<JsonObject> ReadAuditLog(string path)
    {
        Assert.True(File.Exists(path), $"no audit log at {path}");
        return [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    /// <summary>The <c>gate.override.*</c> events of a step.</summary>
    public static IReadOnlyList<JsonObject> OverrideEvents(ActionResult result) =>
        [.. AuditEvents(result).Where(e => e["event_type"]!.GetValue<string>().StartsWith("gate.override.", StringComparison.Ordinal))];

    /// <summary>The <c>body</c> of a comment write request (JSON-encoded on the wire).</summary>
    public static string CommentBody(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonNode.Parse(request.Body)?["body"]?.GetValue<string>() ?? string.Empty;
    }

    public static string? Text(JsonObject node, string name) => node[name]?.GetValue<string>();

    /// <summary>
    /// The push time is GitHub's server time of the first check suite, never the committer date: the action reads no
    /// commit (<c>GET /commits/{sha}</c>, <c>/git/commits/...</c>).
    /// </summary>
    public static void AssertReadsNoCommit(ActionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Assert.DoesNotContain(result.Requests, r => Endpoints.Of(r) == "GET /commits/{sha}");
        Assert.DoesNotContain(result.Requests, r => Endpoints.PathOnly(r).Contains("/git/", StringComparison.Ordinal));
    }

    /// <summary>
    /// The one decision on <paramref name="labelled"/>, recorded everywhere: exactly one audit comment (our own, starting
    /// with the marker, honoured or refused with the code), the gate's check run, and one audit event.
    /// </summary>
    public void AssertRecorded(ActionResult result, string gate, IssueEvent labelled, string code)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(labelled);
        var honoured = code == "override_honoured";

        var comment = Assert.Single(OverrideComments());
        Assert.Equal(Server.WriterLogin, comment.Login);
        Assert.True(comment.CreatedViaApi, "the override record is written by the action");
        Assert.StartsWith(Marker(gate, labelled.Id) + "\n", comment.Body, StringComparison.Ordinal);
        Assert.Contains($"Override of {gate} {(honoured ? "honoured" : "refused")} for <code>{Target}</code>", comment.Body, StringComparison.Ordinal);
        Assert.Contains($"<code>{labelled.Actor}</code>", comment.Body, StringComparison.Ordinal);
        if (honoured)
        {
            Assert.DoesNotContain("Refused", comment.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"**Refused**: <code>{Rendered(code)}</code>", comment.Body, StringComparison.Ordinal);
        }

        var checkRun = GateCheckRun(gate);
        if (honoured)
        {
            Assert.Equal("success", checkRun.Conclusion);
            Assert.Contains($"overridden by {labelled.Actor}", checkRun.OutputTitle, StringComparison.Ordinal);
            Assert.Contains($"Overridden by <code>{labelled.Actor}</code>", checkRun.OutputSummary, StringComparison.Ordinal);

            // Until when: max_age (72 h) after the label, in the comment and the check run.
            var until = labelled.CreatedAt.AddHours(72).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Assert.Contains($"**Valid until**: {until}", comment.Body, StringComparison.Ordinal);
            Assert.Contains($"until {until}", checkRun.OutputSummary, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("failure", checkRun.Conclusion);
            Assert.Contains($"⛔ Override on PR #{Number} refused: ", checkRun.OutputSummary, StringComparison.Ordinal); // in words: the code is in the audit event
            Assert.DoesNotContain(Rendered(code), checkRun.OutputSummary, StringComparison.Ordinal);
        }

        var audit = Assert.Single(OverrideEvents(result));
        Assert.Equal(honoured ? "gate.override.honoured" : "gate.override.refused", Text(audit, "event_type"));
        Assert.Equal((code, labelled.Actor, gate, Target), (Text(audit, "code"), Text(audit, "actor"), Text(audit, "gate"), Text(audit, "target")));
        Assert.Equal(honoured ? "honoured" : "refused", Text(audit, "outcome"));
        Assert.Equal((labelled.Id, Number), (audit["label_event_id"]!.GetValue<long>(), audit["pull_request_of_label"]!.GetValue<int>()));
        Assert.Equal(Sha, Text(audit, "sha"));
        Assert.Matches("^[0-9a-f]{64}$", Text(audit, "idempotency_key"));

        Assert.Contains(result.Commands(honoured ? "notice" : "warning"), l => l.Contains($"override of {gate} {(honoured ? "honoured" : "refused")}", StringComparison.Ordinal));
        AssertReadsNoCommit(result);
    }

    public void Dispose() => Run.Dispose();
}
