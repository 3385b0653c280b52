using OdooGateAction.Core;

namespace OdooGateAction.GitHub.Tests;

public sealed class SnapshotReaderTests
{
    private const string Minimal = """
        {
          "schema_version": 1,
          "repository": "acme/odoo-addons",
          "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
          "pull_request": { "number": 7, "title": "t", "user": { "login": "carla" }, "labels": [ { "name": "gate-override:G2" } ] },
          "check_runs": [
            { "id": 4, "name": "pre-commit", "status": "completed", "conclusion": "success",
              "started_at": "2026-11-20T09:10:02Z", "completed_at": "2026-11-20T09:11:40Z",
              "html_url": "https://github.com/acme/odoo-addons/runs/4", "app": { "slug": "github-actions" } }
          ],
          "statuses": [
            { "id": 9, "context": "security/scan", "state": "success", "created_at": "2026-11-20T09:12:00Z",
              "target_url": "https://scanner/x", "creator": { "login": "scanner-bot" } }
          ]
        }
        """;

    [Fact]
    public void Parse_GitHubShapes_MapsToEvidence()
    {
        var content = SnapshotReader.Parse(Minimal, "s.json");
        var snapshot = content.Evidence;

        var run = Assert.Single(snapshot.CheckRuns);
        Assert.Equal((4L, "pre-commit", "github-actions", "completed", "success"), (run.Id, run.Name, run.App, run.Status, run.Conclusion));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 10, 2, TimeSpan.Zero), run.StartedAt);
        var status = Assert.Single(snapshot.Statuses);
        Assert.Equal(("security/scan", "success", "scanner-bot"), (status.Context, status.State, status.Creator));
        Assert.Equal(7, snapshot.PullRequest!.Number);
        Assert.Equal(["gate-override:G2"], snapshot.PullRequest.Labels);
        Assert.Equal("acme/odoo-addons", snapshot.Repository);
        Assert.Same(OverrideAnswers.Empty, content.Overrides); // a schema 1 file without the later fields
        Assert.Equal((null, null), (content.CapturedAt, content.EvaluatedAt));
    }

    [Theory]
    [InlineData("{ \"schema_version\": 1, \"sha\": \"abc\", \"check_runs\": [ { \"id\": 1 ", "s.json:1:")]
    [InlineData("{ \"schema_version\": 1, \"sha\": \"abc\",\n  \"check_runs\": { } }", "s.json:2:")]
    [InlineData("null", "the snapshot is empty")]
    public void Parse_InvalidJson_NamesFileAndLine(string json, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(json, "s.json"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "schema_version": 1, "check_runs": [] }""", "sha is required")]
    [InlineData("""{ "schema_version": 2, "sha": "a" }""", "schema_version must be 1, got 2")]
    [InlineData("""{ "sha": "a" }""", "schema_version must be 1, got nothing")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "check_runs": [ { "id": 1, "status": "completed" } ] }""", "check_runs[0].name is required")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "check_runs": [ { "id": 1, "name": "x", "status": "done" } ] }""", "check_runs[0].status is 'done'; allowed: queued")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "statuses": [ { "id": 1, "context": "c", "state": "ok", "created_at": "2026-11-20T09:12:00Z" } ] }""", "statuses[0].state is 'ok'; allowed: error, failure, pending, success")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "statuses": [ { "id": 1, "context": "c", "state": "success" } ] }""", "statuses[0].created_at is required")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "pull_request": { "title": "x" } }""", "pull_request.number is required")]
    public void Parse_MissingOrBadField_NamesTheField(string json, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(json, "s.json"));

        Assert.StartsWith("s.json: not a valid snapshot", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsAllOfThem()
    {
        const string json = """{ "schema_version": 1, "check_runs": [ { "name": "x", "status": "completed" }, { "id": 2, "status": "completed" } ] }""";

        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(json, "s.json"));

        Assert.Contains("sha is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check_runs[0].id is required", ex.Message, StringComparison.Ordinal);
        Assert.Contains("check_runs[1].name is required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n  \"schema_version\": 1,\n  \"sha\": \"a\",\n  \"check_runs\": [],\n  \"check_runs\": [ { \"id\": 1, \"name\": \"x\", \"status\": \"completed\" } ]\n}", "s.json:5: not a valid snapshot: the key 'check_runs' is given twice in one object; keep one")]
    [InlineData("{ \"schema_version\": 1, \"sha\": \"a\",\n  \"check_runs\": [ { \"id\": 1, \"name\": \"x\",\n    \"name\": \"y\", \"status\": \"completed\" } ] }", "s.json:3: not a valid snapshot: the key 'name' is given twice in one object; keep one")]
    [InlineData("{ \"schema_version\": 1, \"sha\": \"a\", \"overrides\": { \"pull_requests\": { \"7\": {}, \"7\": {} } } }", "s.json:1: not a valid snapshot: the key '7' is given twice in one object")]
    public void Parse_KeyGivenTwice_RefusedNamingKeyAndLine(string json, string expected)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(json, "s.json"));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SameKeyInDifferentObjects_Accepted()
    {
        const string json = """{ "schema_version": 1, "sha": "a", "check_runs": [ { "id": 1, "name": "x", "status": "completed" }, { "id": 2, "name": "y", "status": "completed" } ] }""";

        Assert.Equal(2, SnapshotReader.Parse(json, "s.json").Evidence.CheckRuns.Count);
    }

    [Fact]
    public void Parse_NulCharacter_RefusedAtItsLineAndColumn()
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse("{ \"schema_version\": 1,\n  \"sha\": \"a\0\" }", "s.json"));

        Assert.Equal("s.json:2:12: not a valid snapshot: it holds a NUL character, so it is not JSON text", ex.Message);
    }

    [Theory]
    [InlineData("""{ "schema_version": 1, "sha": "a", "check_runs": 7 }""")]
    [InlineData("""{ "schema_version": "one", "sha": "a" }""")]
    [InlineData("""{ "schema_version": 1, "sha": "a", "captured_at": "yesterday" }""")]
    public void Parse_WrongType_PlainWordsWithoutDotNetTypeNames(string json)
    {
        var ex = Assert.Throws<InputException>(() => SnapshotReader.Parse(json, "s.json"));

        Assert.Contains("the value has the wrong type for this field", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
    }
}
