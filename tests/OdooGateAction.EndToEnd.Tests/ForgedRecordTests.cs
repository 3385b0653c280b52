using Xunit.Abstractions;

namespace OdooGateAction.EndToEnd.Tests;

/// <summary>
/// Records and answers that must not be forged into an allow (issue 9): an audit comment another workflow posted as
/// <c>github-actions[bot]</c> (the action's own identity) before the action decided, and repository roles as GitHub
/// really answers them (<c>permission</c> is the legacy base role, the role is <c>role_name</c>).
/// </summary>
public sealed class ForgedRecordTests(ITestOutputHelper log)
{
    private const string Upgrade = "upgrade-from-previous";

    [Fact]
    public async Task Action_HonouredAuditCommentForgedByOurIdentityBeforeARefusal_IsCorrectedToTheRefusal()
    {
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.AddEvidence(Upgrade);
        s.Push(2);
        var labelled = s.Label("G2", OverrideScenario.QaPerson, 1);
        s.Reason(OverrideScenario.QaPerson, "G2", "OPS-1 looks fine to me", 0.9);
        var forged = s.Repo.AddComment(
            s.Number,
            OverrideScenario.Marker("G2", labelled.Id) + "\n### ✅ Override of G2 honoured for <code>staging</code>\n\n- **Valid until**: 2099-01-01T00:00:00Z\n\nThe gate counts as passed for this target until the override expires or goes stale.\n",
            server.WriterLogin,
            s.HoursAgo(0.5));

        var result = await s.Run.RunAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(("block", "failed"), (result.Output("decision"), result.Output("g2")));
        var record = Assert.Single(s.OverrideComments());
        Assert.Equal(forged.Id, record.Id); // rewritten in place: no second record beside a lie
        Assert.StartsWith(OverrideScenario.Marker("G2", labelled.Id) + "\n", record.Body, StringComparison.Ordinal);
        Assert.Contains("Override of G2 refused for <code>staging</code>", record.Body, StringComparison.Ordinal);
        Assert.Contains($"**Refused**: <code>{OverrideScenario.Rendered("override_not_authorized")}</code>", record.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("honoured", record.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("2099", record.Body, StringComparison.Ordinal);
        var patch = Assert.Single(result.To(Endpoints.UpdateComment), r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));
        Assert.EndsWith("/" + forged.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Endpoints.PathOnly(patch), StringComparison.Ordinal);
        Assert.DoesNotContain(result.To(Endpoints.CreateComment), r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));
        Assert.Equal("gate.override.refused", OverrideScenario.Text(Assert.Single(OverrideScenario.OverrideEvents(result)), "event_type"));

        // The next run finds the record true and leaves it alone.
        var second = await s.Run.RunAsync();
        Assert.Equal(1, second.ExitCode);
        Assert.DoesNotContain(second.Writes, r => OverrideScenario.CommentBody(r).Contains(OverrideScenario.MarkerStart, StringComparison.Ordinal));
    }

    /// <summary>
    /// "This permission or higher", with GitHub's real answers: a maintainer is <c>permission: write, role_name:
    /// maintain</c>, a triager <c>permission: read, role_name: triage</c>. The release manager persona asks a minimum
    /// <c>permission</c> in personas.yaml; the labeller is matched by nothing else.
    /// </summary>
    [Theory]
    [InlineData("maintainer where maintain is asked", "maintain", "maintain", null, "override_honoured", 0)]
    [InlineData("admin where maintain is asked", "maintain", "admin", null, "override_honoured", 0)]
    [InlineData("writer where maintain is asked", "maintain", "write", null, "override_not_authorized", 1)]
    [InlineData("triager where write is asked", "write", "triage", null, "override_not_authorized", 1)]
    [InlineData("maintainer where write is asked", "write", "maintain", null, "override_honoured", 0)]
    [InlineData("custom role on write where write is asked", "write", "release-engineer", "write", "override_honoured", 0)]
    public async Task Action_LabellerByRepositoryRole_RankedByRoleName(string scenario, string minimum, string role, string? basePermission, string code, int exitCode)
    {
        log.WriteLine($"scenario: {scenario}");
        await using var server = await TestServer.StartAsync();
        using var s = OverrideScenario.PullRequest(server, log);
        s.Run.UseConfigCopy((name, text) => name == "personas.yaml"
            ? text.Replace(
                "github: { users: [rel-mgr-alice], teams: [acme/odoo-release-managers] }",
                $"github: {{ users: [rel-mgr-alice], teams: [acme/odoo-release-managers], permission: {minimum} }}",
                StringComparison.Ordinal)
            : text);
        s.AddEvidence(Upgrade);
        s.Push(2);
        var labelled = s.Label("G2", OverrideScenario.QaPerson, 1);
        s.Reason(OverrideScenario.QaPerson, "G2", "OPS-1234 upgrade verified by hand", 0.9);
        s.Repo.SetRole(OverrideScenario.QaPerson, role, basePermission);

        var result = await s.Run.RunAsync();

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(exitCode == 0 ? "overridden" : "failed", result.Output("g2"));
        s.AssertRecorded(result, "G2", labelled, code);
        var answer = Assert.Single(result.Requests, r => r.PathAndQuery.Contains("/collaborators/" + OverrideScenario.QaPerson + "/permission", StringComparison.Ordinal));
        Assert.Equal("GET", answer.Method);
        if (exitCode == 0)
        {
            Assert.Equal("release_manager", OverrideScenario.Text(Assert.Single(OverrideScenario.OverrideEvents(result)), "persona"));
        }
    }
}
