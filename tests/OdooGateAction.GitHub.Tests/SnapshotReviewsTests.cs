using System.Text.Json.Nodes;
using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Evidence;

namespace OdooGateAction.GitHub.Tests;

/// <summary>The <c>reviews</c> of a snapshot (docs/snapshot.md): read as GitHub gave them, resolved under the replay's configuration, written back the same.</summary>
public sealed class SnapshotReviewsTests
{
    private const string Head = "9f2c4e1a0b7d3c5e8f6a1b2c3d4e5f6a7b8c9d0e";

    private const string WithReviews = """
        {
          "schema_version": 1,
          "sha": "9f2c4e1a0b7d3c5e8f6a1b2c3d4e5f6a7b8c9d0e",
          "evaluated_at": "2026-11-20T10:02:11Z",
          "pull_request": { "number": 1347 },
          "reviews": {
            "teams_consulted": true,
            "pull_requests": {
              "1347": {
                "author": "dev-dora",
                "head_sha": "9f2c4e1a0b7d3c5e8f6a1b2c3d4e5f6a7b8c9d0e",
                "push_time": "2026-11-20T08:00:00Z",
                "reviews": [
                  { "id": 80, "node_id": "PRR_80", "user": { "login": "rm-carol", "id": 5 }, "body": "", "state": "APPROVED",
                    "html_url": "https://github.com/acme/odoo/pull/1347#pullrequestreview-80", "submitted_at": "2026-11-20T09:30:00Z",
                    "commit_id": "9f2c4e1a0b7d3c5e8f6a1b2c3d4e5f6a7b8c9d0e", "author_association": "MEMBER" },
                  { "id": 81, "user": null, "state": "COMMENTED", "submitted_at": "2026-11-20T09:31:00Z" },
                  { "id": 82, "user": { "login": "qa-quentin" }, "state": "PENDING" }
                ]
              }
            },
            "team_memberships": { "acme/odoo-release-managers": { "rm-carol": "active" } }
          }
        }
        """;

    /// <summary>A release manager by the team acme/odoo-release-managers only; G1 needs a release manager's approval.</summary>
    private static GateConfiguration Shipped()
    {
        var result = ConfigLoader.Load(
        [
            new ConfigSource("gates.yaml", "t/gates.yaml", "version: 1\ngates:\n  G1: { name: Build, owner: release_manager }\n"),
            new ConfigSource("ci_gate_mapping.yaml", "t/ci_gate_mapping.yaml", "version: 1\ngates:\n  G1:\n    - review: release_manager\n"),
            new ConfigSource("environments.yaml", "t/environments.yaml", "version: 1\ntargets:\n  merge: { gates: [G1] }\n"),
            new ConfigSource("personas.yaml", "t/personas.yaml",
                "version: 1\ndomains: [release]\npersonas:\n  release_manager: { name: RM, github: { teams: [acme/odoo-release-managers] }, expertise: [release], may_override: [G1] }\n"),
            new ConfigSource("overrides.yaml", "t/overrides.yaml", "version: 1\n"),
        ]);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    [Fact]
    public void Parse_Reviews_ReadAsGitHubGaveThem_PersonasResolvedUnderTheReplaysConfiguration()
    {
        var content = SnapshotReader.Parse(WithReviews, "s.json");

        var pr = Assert.Single(content.Reviews.PullRequests);
        Assert.Equal((1347, "dev-dora", Head, new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero)), (pr.PullRequest, pr.Author, pr.HeadSha, pr.PushTime!.Value));
        Assert.Equal(["80 rm-carol APPROVED", "81 ghost COMMENTED", "82 qa-quentin PENDING"], pr.Reviews.Select(r => $"{r.Id} {r.Reviewer} {r.State}"));
        Assert.Null(pr.Reviews[2].SubmittedAt);

        var resolved = Assert.Single(content.EvidenceUnder(Shipped()).Reviews);
        Assert.True(resolved.Holds("RM-Carol", "release_manager")); // by team, from the recorded membership
        Assert.False(resolved.Holds("qa-quentin", "release_manager"));
        Assert.True(resolved.TeamsConsulted);
    }

    [Fact]
    public void Parse_NoReviews_EmptyAndEvidenceUnchanged()
    {
        var content = SnapshotReader.Parse("""{ "schema_version": 1, "sha": "abc" }""", "s.json");

        Assert.Same(ReviewAnswers.Empty, content.Reviews);
        Assert.Same(content.Evidence, content.EvidenceUnder(Shipped()));
        Assert.Null(GitHubMapper.ToSnapshotReviews(ReviewAnswers.Empty));
    }

    [Fact]
    public void WriteThenRead_RoundTrip_SameText()
    {
        var first = SnapshotReader.Parse(WithReviews, "s.json");
        var written = Serialize(first);
        var again = SnapshotReader.Parse(written, "again.json");

        Assert.Equal(written, Serialize(again));
        var json = JsonNode.Parse(written)!["reviews"]!;
        Assert.Equal("dev-dora", json["pull_requests"]!["1347"]!["author"]!.GetValue<string>());
        Assert.Equal(3, json["pull_requests"]!["1347"]!["reviews"]!.AsArray().Count);
        Assert.Equal("active", json["team_memberships"]!["acme/odoo-release-managers"]!["rm-carol"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"pull_requests\": { \"x\": {} }", "reviews.pull_requests has the key 'x', which is not a pull request number")]
    [InlineData("\"pull_requests\": { \"7\": null }", "reviews.pull_requests.7 is null")]
    [InlineData("\"pull_requests\": { \"7\": { \"reviews\": [ { \"state\": \"APPROVED\" } ] } }", "reviews.pull_requests.7.reviews[0].id is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"reviews\": [ { \"id\": 1 } ] } }", "reviews.pull_requests.7.reviews[0].state is required")]
    [InlineData("\"pull_requests\": { \"7\": { \"reviews\": [ { \"id\": 1, \"state\": \"approved\" } ] } }", "reviews.pull_requests.7.reviews[0].state is 'approved'; allowed: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING")]
    [InlineData("\"team_memberships\": { \"acme/qa\": { \"alice\": \"invited\" } }", "reviews.team_memberships.acme/qa.alice is 'invited'; allowed: active, pending")]
    public void Parse_BadReviewField_NamesTheField(string reviews, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse($$"""{ "schema_version": 1, "sha": "abc", "reviews": { {{reviews}} } }""", "s.json"));

        Assert.StartsWith("s.json: not a valid snapshot", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static string Serialize(SnapshotContent content) => SnapshotWriter.Serialize(new SnapshotDocument
    {
        SchemaVersion = SnapshotReader.SupportedVersion,
        Sha = content.Evidence.Sha,
        Reviews = GitHubMapper.ToSnapshotReviews(content.Reviews),
    });
}
