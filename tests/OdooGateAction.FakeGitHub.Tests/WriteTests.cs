using System.Net;
using System.Text.Json;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class WriteTests
{
    [Fact]
    public async Task CreateCheckRun_MissingName_Returns422ValidationFailed()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server);

        var response = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", $$"""{"head_sha":"{{Sha}}","status":"completed","conclusion":"success"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("Validation Failed", body.GetProperty("message").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(("CheckRun", "missing_field", "name"), (error.GetProperty("resource").GetString(), error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
        Assert.Equal("https://docs.github.com/rest/checks/runs#create-a-check-run", body.GetProperty("documentation_url").GetString());
    }

    [Theory]
    [InlineData("""{"name":"g","head_sha":"abc","status":"completed"}""", "conclusion")]
    [InlineData("""{"name":"g","head_sha":"abc","conclusion":"green"}""", "conclusion")]
    [InlineData("""{"name":"g","head_sha":"abc","status":"done"}""", "status")]
    [InlineData("""{"name":"g","head_sha":"abc","output":{"title":"t"}}""", "output.summary")]
    [InlineData("""{"name":"g"}""", "head_sha")]
    public async Task CreateCheckRun_InvalidFields_Returns422NamingTheField(string json, string field)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server);

        var response = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(field, (await JsonAsync(response)).GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task CreateCheckRun_SummaryOver65535Chars_Returns422()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server);
        var body = JsonSerializer.Serialize(new { name = "g", head_sha = Sha, output = new { title = "t", summary = new string('x', 65536) } });

        var response = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task CreateCheckRun_Valid_Returns201AsWriterAppAndIsListed()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        using var api = new Api(server);
        var request = JsonSerializer.Serialize(new
        {
            name = "odoo-gates/staging",
            head_sha = Sha,
            conclusion = "failure",
            external_id = "odoo-gates:staging",
            output = new { title = "Blocked: G2", summary = "G2 failed", text = "| gate | outcome |" },
        });

        var response = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(api.Url($"/repos/acme/odoo/check-runs/{id}"), response.Headers.Location);
        Assert.Equal("completed", created.GetProperty("status").GetString());
        Assert.Equal("failure", created.GetProperty("conclusion").GetString());
        Assert.NotEqual(JsonValueKind.Null, created.GetProperty("completed_at").ValueKind);
        Assert.Equal("github-actions", created.GetProperty("app").GetProperty("slug").GetString());
        Assert.Equal("odoo-gates:staging", created.GetProperty("external_id").GetString());
        Assert.Equal("| gate | outcome |", created.GetProperty("output").GetProperty("text").GetString());
        Assert.Equal(GitHubFields.Of("checks-get.json").Where(p => !p.StartsWith(".pull_requests[]", StringComparison.Ordinal)), GitHubFields.Of(created));

        var stored = Assert.Single(repo.CheckRuns(Sha));
        Assert.Equal((id, true, "Blocked: G2"), (stored.Id, stored.CreatedViaApi, stored.OutputTitle));
        var listed = await JsonAsync(await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?check_name=odoo-gates/staging"));
        Assert.Equal(id, listed.GetProperty("check_runs")[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task UpdateCheckRun_OwnRun_Returns200AndChangesOnlyGivenFields()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.WriterAppSlug = "odoo-gates";
        var repo = server.Repository("acme", "odoo");
        using var api = new Api(server);
        var created = await JsonAsync(await api.SendAsync(
            HttpMethod.Post,
            "/repos/acme/odoo/check-runs",
            $$$"""{"name":"odoo-gates/prod","head_sha":"{{{Sha}}}","status":"in_progress","output":{"title":"t","summary":"s"}}"""));
        var id = created.GetProperty("id").GetInt64();

        var response = await api.SendAsync(HttpMethod.Patch, $"/repos/acme/odoo/check-runs/{id}", """{"conclusion":"success"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(repo.CheckRuns(Sha));
        Assert.Equal(("odoo-gates", "completed", "success", "t"), (stored.AppSlug, stored.Status, stored.Conclusion, stored.OutputTitle));
        Assert.NotNull(stored.CompletedAt);
    }

    [Fact]
    public async Task UpdateCheckRun_OtherAppsRun_Returns403()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var run = server.Repository("acme", "odoo").AddCheckRun(Sha, "odoo-gates/prod", app: "impostor");
        using var api = new Api(server);

        var response = await api.SendAsync(HttpMethod.Patch, $"/repos/acme/odoo/check-runs/{run.Id}", """{"conclusion":"success"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("success", run.Conclusion);
    }

    [Fact]
    public async Task Comments_PostThenPatch_WrittenAsWriterLogin()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        var repo = server.Repository("acme", "odoo");
        repo.AddPullRequest(7, Sha);
        repo.AddComment(7, "/gate-override G2: hotfix", "carla");
        using var api = new Api(server);

        var posted = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", """{"body":"<!-- odoo-gates:staging -->\nBlocked"}""");
        var created = await JsonAsync(posted);
        var id = created.GetProperty("id").GetInt64();
        var patched = await api.SendAsync(HttpMethod.Patch, $"/repos/acme/odoo/issues/comments/{id}", """{"body":"<!-- odoo-gates:staging -->\nAllowed"}""");
        var listed = await JsonAsync(await api.GetAsync("/repos/acme/odoo/issues/7/comments"));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.True(id > int.MaxValue, "comment ids exceed int.MaxValue on GitHub");
        Assert.Equal("github-actions[bot]", created.GetProperty("user").GetProperty("login").GetString());
        Assert.Equal("Bot", created.GetProperty("user").GetProperty("type").GetString());
        Assert.Equal(41898282, created.GetProperty("user").GetProperty("id").GetInt64());
        Assert.Equal($"https://github.com/acme/odoo/pull/7#issuecomment-{id}", created.GetProperty("html_url").GetString());
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["carla", "github-actions[bot]"], listed.EnumerateArray().Select(c => c.GetProperty("user").GetProperty("login").GetString()));
        Assert.Equal("<!-- odoo-gates:staging -->\nAllowed", listed[1].GetProperty("body").GetString());
        Assert.Equal(GitHubFields.Of("issues-get-comment.json"), GitHubFields.Of(listed[1]));
        Assert.Equal("<!-- odoo-gates:staging -->\nAllowed", repo.Comments(7)[1].Body);
        Assert.Contains("<!-- odoo-gates:staging -->", await (await api.GetAsync($"/repos/acme/odoo/issues/comments/{id}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateComment_BadInput_ReturnsGitHubErrors()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo").AddPullRequest(7, Sha);
        using var api = new Api(server);

        var unknownIssue = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/8/comments", """{"body":"x"}""");
        var brokenJson = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", """{"body":""");
        var noBody = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", "{}");
        var tooLong = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", JsonSerializer.Serialize(new { body = new string('x', 65537) }));

        Assert.Equal(HttpStatusCode.NotFound, unknownIssue.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, brokenJson.StatusCode);
        Assert.Equal("Problems parsing JSON", (await JsonAsync(brokenJson)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.StartsWith("Body is too long", (await JsonAsync(tooLong)).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
