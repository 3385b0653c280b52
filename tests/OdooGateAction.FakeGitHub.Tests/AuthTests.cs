using System.Net;
using static OdooGateAction.FakeGitHub.Tests.Api;

namespace OdooGateAction.FakeGitHub.Tests;

public sealed class AuthTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Bearer wrong")]
    [InlineData("Basic Z2hzX3Rlc3RfdG9rZW4=")]
    [InlineData("Bearer")]
    public async Task Request_WithoutValidToken_Returns401BadCredentials(string authorization)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server, authorization);

        var response = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("Bad credentials", body.GetProperty("message").GetString());
        Assert.Equal("https://docs.github.com/rest", body.GetProperty("documentation_url").GetString());
    }

    [Theory]
    [InlineData("Bearer ghs_test_token")]
    [InlineData("token ghs_test_token")]
    [InlineData("bearer ghs_test_token")]
    public async Task Request_WithBearerOrTokenScheme_IsAccepted(string authorization)
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Repository("acme", "odoo");
        using var api = new Api(server, authorization);

        var response = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadOnlyToken_Writes_Return403ButReadsWork()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.ReadOnlyToken = true;
        var repo = server.Repository("acme", "odoo");
        repo.AddPullRequest(7, Sha);
        var comment = repo.AddComment(7, "hello", "carla");
        using var api = new Api(server);

        var post = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/check-runs", $$"""{"name":"odoo-gates/staging","head_sha":"{{Sha}}"}""");
        var patch = await api.SendAsync(HttpMethod.Patch, $"/repos/acme/odoo/issues/comments/{comment.Id}", """{"body":"x"}""");
        var comments = await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", """{"body":"x"}""");
        var read = await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs");

        foreach (var response in new[] { post, patch, comments })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("Resource not accessible by integration", (await JsonAsync(response)).GetProperty("message").GetString());
        }

        Assert.Equal(
            "https://docs.github.com/rest/checks/runs#create-a-check-run",
            (await JsonAsync(post)).GetProperty("documentation_url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Empty(repo.CheckRuns(Sha));
        Assert.Equal("hello", Assert.Single(repo.Comments(7)).Body);
    }

    [Fact]
    public async Task GetUser_NoAuthenticatedLogin_Returns403LikeGitHubToken()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        using var api = new Api(server);

        var response = await api.GetAsync("/user");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Resource not accessible by integration", (await JsonAsync(response)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetUser_AuthenticatedLogin_ReturnsUserObject()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.AuthenticatedLogin = "gate-bot";
        using var api = new Api(server);

        var user = await JsonAsync(await api.GetAsync("/user"));

        Assert.Equal("gate-bot", user.GetProperty("login").GetString());
        Assert.Equal("User", user.GetProperty("type").GetString());
        Assert.Equal($"{server.GitHubApiUrl}/users/gate-bot", user.GetProperty("url").GetString());
        // A user's fields plus the profile GitHub's public-user schema requires of GET /user.
        string[] profile = [".bio", ".blog", ".company", ".created_at", ".email", ".followers", ".following", ".hireable", ".location", ".name", ".public_gists", ".public_repos", ".updated_at"];
        var expected = GitHubFields.Of("issues-get-comment.json").Where(p => p.StartsWith(".user.", StringComparison.Ordinal)).Select(p => p[5..]).Concat(profile);
        Assert.Equal(expected.Order(StringComparer.Ordinal), GitHubFields.Of(user).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RecordedRequests_AuthorizationRedacted_TokenAppearsNowhere()
    {
        await using var server = await FakeGitHubServer.StartAsync();
        server.Token = "ghs_s3cr3t_value_123";
        server.Repository("acme", "odoo").AddPullRequest(7, Sha);
        using var api = new Api(server);
        using var tokenScheme = new Api(server, "token ghs_s3cr3t_value_123");

        await api.GetAsync($"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=100");
        await api.SendAsync(HttpMethod.Post, "/repos/acme/odoo/issues/7/comments", """{"body":"<!-- odoo-gates:staging -->"}""");
        await tokenScheme.GetAsync("/repos/acme/odoo/pulls/7");

        var requests = server.Requests;
        Assert.Equal(3, requests.Count);
        Assert.Equal(["Bearer ***", "Bearer ***", "token ***"], requests.Select(r => r.Headers["Authorization"]));
        Assert.Equal($"/repos/acme/odoo/commits/{Sha}/check-runs?per_page=100", requests[0].PathAndQuery);
        Assert.Equal(("GET", 200), (requests[0].Method, requests[0].Status));
        Assert.Equal(("POST", 201), (requests[1].Method, requests[1].Status));
        Assert.Equal("""{"body":"<!-- odoo-gates:staging -->"}""", requests[1].Body);
        Assert.Equal("2022-11-28", requests[0].Headers["X-GitHub-Api-Version"]);
        Assert.Equal("application/vnd.github+json", requests[0].Headers["accept"]);
        Assert.Equal("odoo-gate-action-tests/1.0", requests[0].Headers["User-Agent"]);
        foreach (var request in requests)
        {
            var everything = string.Join('\n', [request.Method, request.PathAndQuery, request.Body, .. request.Headers.Select(h => h.Key + ": " + h.Value)]);
            Assert.DoesNotContain("s3cr3t", everything, StringComparison.Ordinal);
        }
    }
}
