using System.Text.Json.Nodes;
using OdooGateAction.Core;
using OdooGateAction.Core.Overrides;

namespace OdooGateAction.GitHub.Tests;

/// <summary>The snapshot fields a faithful replay needs: <c>evaluated_at</c> and <c>overrides</c> (docs/snapshot.md).</summary>
public sealed class SnapshotOverridesTests
{
    private const string WithOverrides = """
        {
          "schema_version": 1,
          "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
          "captured_at": "2026-11-20T10:02:11Z",
          "evaluated_at": "2026-11-20T10:02:11.5251234Z",
          "pull_request": { "number": 1347 },
          "overrides": {
            "teams_consulted": true,
            "pull_requests": {
              "1347": {
                "labels": [ { "name": "bug" }, { "name": "gate-override:G2" } ],
                "push_time": "2026-11-20T08:00:00Z",
                "label_events": [
                  { "id": 101, "event": "labeled", "actor": { "login": "rel-mgr-alice" }, "created_at": "2026-11-20T09:00:00Z",
                    "label": { "name": "gate-override:G2", "color": "d73a4a" }, "node_id": "LE_1" },
                  { "id": 102, "event": "unlabeled", "created_at": "2026-11-20T09:01:00Z", "label": { "name": "gate-override:G1" } }
                ],
                "comments": [
                  { "id": 201, "user": { "login": "rel-mgr-alice" }, "created_at": "2026-11-20T09:02:00Z", "body": "/gate-override G2: OPS-1234" }
                ]
              }
            },
            "collaborator_permissions": {
              "rel-mgr-alice": { "permission": "write", "role_name": "maintain" },
              "qa-quentin": null
            },
            "team_memberships": {
              "acme/odoo-release-managers": { "rel-mgr-alice": "active", "qa-quentin": null },
              "acme/odoo-sre": { "rel-mgr-alice": "pending" }
            }
          }
        }
        """;

    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_OverridesAndEvaluatedAt_ReadAsGitHubGaveThem()
    {
        var content = SnapshotReader.Parse(WithOverrides, "s.json");

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 2, 11, TimeSpan.Zero).AddTicks(5251234), content.EvaluatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 2, 11, TimeSpan.Zero), content.CapturedAt);
        var answers = content.Overrides;
        Assert.True(answers.TeamsConsulted);
        var pr = Assert.Single(answers.PullRequests);
        Assert.Equal(1347, pr.PullRequest);
        Assert.Equal(["bug", "gate-override:G2"], pr.Labels);
        Assert.Equal(At.AddHours(-1), pr.PushTime);
        Assert.Equal(
            [new LabelEvent(101, "labeled", "gate-override:G2", "rel-mgr-alice", At), new LabelEvent(102, "unlabeled", "gate-override:G1", "ghost", At.AddMinutes(1))],
            pr.LabelEvents);
        Assert.Equal([new PullRequestComment(201, "rel-mgr-alice", At.AddMinutes(2), "/gate-override G2: OPS-1234")], pr.Comments);
        Assert.Equal(("write", "maintain"), (answers.Permissions["REL-MGR-ALICE"]!.Permission, answers.Permissions["rel-mgr-alice"]!.RoleName));
        Assert.Null(answers.Permissions["qa-quentin"]);
        Assert.Equal("active", answers.TeamStates["ACME/odoo-release-managers"]["rel-mgr-alice"]);
        Assert.Null(answers.TeamStates["acme/odoo-release-managers"]["qa-quentin"]);
        Assert.Equal("pending", answers.TeamStates["acme/odoo-sre"]["rel-mgr-alice"]);
    }

    /// <summary>What the writer writes, the reader reads back the same, and writing that again gives the same text.</summary>
    [Fact]
    public void WriteThenRead_RoundTrip_SameAnswersSameTimesSameText()
    {
        var first = SnapshotReader.Parse(WithOverrides, "s.json");
        var directory = Directory.CreateTempSubdirectory("odoo-gates-snapshot-").FullName;
        var path = Path.Combine(directory, "nested", "recorded.json");

        var written = Write(first, path);
        var again = SnapshotReader.Parse(File.ReadAllText(path), path);

        Assert.Equal(written, Write(again, Path.Combine(directory, "again.json")));
        Assert.Equal(first.EvaluatedAt, again.EvaluatedAt);
        Assert.Equal(Describe(first.Overrides), Describe(again.Overrides));
        var json = JsonNode.Parse(written)!;
        Assert.Null(json["overrides"]!["collaborator_permissions"]!["qa-quentin"]); // a 404 is kept as null, not dropped
        Assert.True(json["overrides"]!["collaborator_permissions"]!.AsObject().ContainsKey("qa-quentin"));
        Assert.Equal("2026-11-20T10:02:11.5251234+00:00", json["evaluated_at"]!.GetValue<string>());
        Assert.Equal(["evaluated_at", "overrides"], json.AsObject().Select(p => p.Key).Where(k => k is "evaluated_at" or "overrides"));
    }

    [Fact]
    public void ToSnapshotOverrides_NoPullRequestRead_WritesNoOverrides()
    {
        Assert.Null(GitHubMapper.ToSnapshotOverrides(OverrideAnswers.Empty));
    }

    [Theory]
    [InlineData("\"evaluated_at\": \"tomorrow\"", "(at $.evaluated_at)")]
    [InlineData("\"overrides\": []", "(at $.overrides)")]
    [InlineData("\"overrides\": { \"teams_consulted\": \"yes\" }", "(at $.overrides.teams_consulted)")]
    [InlineData("\"overrides\": { \"pull_requests\": { \"7\": { \"push_time\": 12 } } }", "(at $.overrides.pull_requests.7.push_time)")]
    [InlineData("\"overrides\": { \"collaborator_permissions\": { \"alice\": \"write\" } }", "(at $.overrides.collaborator_permissions.alice)")]
    [InlineData("\"overrides\": { \"team_memberships\": { \"acme/qa\": { \"alice\": true } } }", "(at $.overrides.team_memberships['acme/qa'].alice)")]
    public void Parse_NewFieldOfTheWrongType_NamesTheField(string field, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(Snapshot(field), "s.json"));

        Assert.StartsWith("s.json:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"pull_requests\": { \"PR-7\": {} }", "overrides.pull_requests has the key 'PR-7', which is not a pull request number")]
    [InlineData("\"pull_requests\": { \"0\": {} }", "overrides.pull_requests has the key '0', which is not a pull request number")]
    [InlineData("\"pull_requests\": { \"7\": null }", "overrides.pull_requests.7 is null")]
    [InlineData("\"pull_requests\": { \"7\": { \"labels\": [ {} ] } }", "overrides.pull_requests.7.labels[0].name is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"labels\": [ null ] } }", "overrides.pull_requests.7.labels[0] is null")]
    [InlineData("\"pull_requests\": { \"7\": { \"label_events\": [ { \"event\": \"labeled\", \"label\": { \"name\": \"x\" }, \"created_at\": \"2026-11-20T09:00:00Z\" } ] } }", "overrides.pull_requests.7.label_events[0].id is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"label_events\": [ { \"id\": 1, \"event\": \"labeled\", \"created_at\": \"2026-11-20T09:00:00Z\" } ] } }", "overrides.pull_requests.7.label_events[0].label.name is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"label_events\": [ { \"id\": 1, \"event\": \"labeled\", \"label\": { \"name\": \"x\" } } ] } }", "overrides.pull_requests.7.label_events[0].created_at is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"label_events\": [ { \"id\": 1, \"event\": \"renamed\", \"label\": { \"name\": \"x\" }, \"created_at\": \"2026-11-20T09:00:00Z\" } ] } }", "overrides.pull_requests.7.label_events[0].event is 'renamed'; allowed: labeled, unlabeled")]
    [InlineData("\"pull_requests\": { \"7\": { \"comments\": [ { \"id\": 1, \"created_at\": \"2026-11-20T09:00:00Z\", \"body\": \"b\" } ] } }", "overrides.pull_requests.7.comments[0].user.login is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"comments\": [ { \"id\": 1, \"user\": { \"login\": \"a\" }, \"created_at\": \"2026-11-20T09:00:00Z\" } ] } }", "overrides.pull_requests.7.comments[0].body is required")]
    [InlineData("\"collaborator_permissions\": { \"alice\": { \"role_name\": \"write\" } }", "overrides.collaborator_permissions.alice.permission is required")]
    [InlineData("\"collaborator_permissions\": { \"alice\": { \"permission\": \"owner\" } }", "overrides.collaborator_permissions.alice.permission is 'owner'; allowed: admin, maintain, write, triage, read, none")]
    [InlineData("\"collaborator_permissions\": { \"alice\": null, \"Alice\": null }", "overrides.collaborator_permissions has the key 'Alice': a login, once (logins ignore case)")]
    [InlineData("\"team_memberships\": { \"odoo-qa\": {} }", "overrides.team_memberships has the key 'odoo-qa': a team is org/slug, once")]
    [InlineData("\"team_memberships\": { \"acme/qa\": null }", "overrides.team_memberships.acme/qa is null")]
    [InlineData("\"team_memberships\": { \"acme/qa\": { \"alice\": \"invited\" } }", "overrides.team_memberships.acme/qa.alice is 'invited'; allowed: active, pending")]
    public void Parse_MissingOrBadOverrideField_NamesTheField(string overrides, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(Snapshot($"\"overrides\": {{ {overrides} }}"), "s.json"));

        Assert.StartsWith("s.json: not a valid snapshot", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static string Snapshot(string field) => $$"""{ "schema_version": 1, "sha": "abc", {{field}} }""";

    private static string Write(SnapshotContent content, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, SnapshotWriter.Serialize(new SnapshotDocument
        {
            SchemaVersion = SnapshotReader.SupportedVersion,
            Sha = content.Evidence.Sha,
            CapturedAt = content.CapturedAt,
            EvaluatedAt = content.EvaluatedAt,
            PullRequest = new GitHubPullRequest { Number = content.Evidence.PullRequest?.Number },
            CheckRuns = [],
            Statuses = [],
            Overrides = GitHubMapper.ToSnapshotOverrides(content.Overrides),
        }));
        return File.ReadAllText(path);
    }

    private static string Describe(OverrideAnswers answers) => string.Join("\n",
    [
        $"teams consulted: {answers.TeamsConsulted}",
        .. answers.PullRequests.Select(p =>
            $"#{p.PullRequest} labels [{string.Join(", ", p.Labels)}] push {p.PushTime:O} events [{string.Join(", ", p.LabelEvents)}] comments [{string.Join(", ", p.Comments)}]"),
        .. answers.Permissions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value?.Permission}/{p.Value?.RoleName}"),
        .. answers.TeamStates.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{t.Key} {m.Key}: {m.Value ?? "none"}")),
    ]);
}
