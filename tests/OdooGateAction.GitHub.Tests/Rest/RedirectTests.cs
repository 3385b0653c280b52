using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using System.Net;
using OdooGateAction.FakeGitHub;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Testing;

namespace OdooGateAction.GitHub.Tests.Rest;

/// <summary>
/// Redirects over real HTTP on 127.0.0.1: followed on the API's own origin (scheme, host, port) with the token, refused
/// anywhere else before a byte is sent there. The other origin is a second fake GitHub on another port, which records
/// every request it receives, and whose answer would allow.
/// </summary>
public sealed class RedirectTests : IAsyncLifetime
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static readonly RepositoryRef Repo = new("acme", "odoo-addons");

    private FakeGitHubServer _server = null!;
    private FakeGitHubServer _elsewhere = null!;
    private FakeRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeGitHubServer.StartAsync();
        _elsewhere = await FakeGitHubServer.StartAsync();
        _elsewhere.Token = _server.Token; // it would accept the token, were it ever sent
        _repo = _server.Repository("acme", "odoo-addons");
        _repo.AddStatus(Sha, "ci/lint", "failure");
        _elsewhere.Repository("acme", "odoo-addons").AddStatus(Sha, "ci/lint", "success");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    private GitHubRestClient Client() => GitHubRestClient.Create(
        new GitHubClientOptions(_server.GitHubApiUrl, _server.Token) { AttemptTimeout = TimeSpan.FromSeconds(10), MaxRetries = 0 },
        new FakeTimeProvider(DateTimeOffset.UnixEpoch),
        new GitHubRequestStats());

    private string RepositoryPath(string suffix) =>
        $"/repositories/{_repo.Id.ToString(CultureInfo.InvariantCulture)}/{suffix}";

    private void RedirectStatuses(string location, int code = 302, int times = 1) =>
        _server.Faults.Add("GET", "/repos/acme/odoo-addons/commits/", Fault.Redirect(location, code), times);

    [Theory]
    [InlineData(301, true)]
    [InlineData(302, true)]
    [InlineData(307, true)]
    [InlineData(308, true)]
    [InlineData(302, false)]
    public async Task Read_RedirectOnTheApiOrigin_IsFollowedWithTheToken(int code, bool absolute)
    {
        var path = RepositoryPath($"commits/{Sha}/statuses?per_page=100");
        RedirectStatuses(absolute ? _server.GitHubApiUrl + path : path, code);
        using var client = Client();

        var statuses = await client.ListStatusesAsync(Repo, Sha, CancellationToken.None);

        Assert.Equal("failure", Assert.Single(statuses).State); // the API's answer (the fake answers 401 without the token)
        Assert.Equal(2, _server.Requests.Count);
        var followed = _server.Requests[1];
        Assert.Equal(("GET", path), (followed.Method, followed.PathAndQuery));
        Assert.Equal("Bearer ***", followed.Headers["Authorization"]);
        Assert.Empty(_elsewhere.Requests);
    }

    [Theory]
    [InlineData("another port")]
    [InlineData("another scheme")]
    [InlineData("another host")]
    public async Task Read_RedirectToAnotherOrigin_IsRefusedAndNothingIsSentThere(string where)
    {
        var port = new Uri(_server.GitHubApiUrl).Port.ToString(CultureInfo.InvariantCulture);
        var location = where switch
        {
            "another port" => $"{_elsewhere.GitHubApiUrl}/repos/acme/odoo-addons/commits/{Sha}/statuses?per_page=100",
            "another scheme" => $"https://127.0.0.1:{port}/repos/acme/odoo-addons/commits/{Sha}/statuses?per_page=100",
            _ => $"http://localhost:{port}/repos/acme/odoo-addons/commits/{Sha}/statuses?per_page=100",
        };
        RedirectStatuses(location);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Contains("redirects (302) to another origin than the API's", ex.Message, StringComparison.Ordinal);
        Assert.Equal($"/repos/acme/odoo-addons/commits/{Sha}/statuses?per_page=100", ex.Path);
        Assert.DoesNotContain(_server.Token, ex.Message, StringComparison.Ordinal);
        Assert.Empty(_elsewhere.Requests); // the other listener received nothing: no token, no evidence
        Assert.Single(_server.Requests); // and nothing was sent again to the API under another name
    }

    [Fact]
    public async Task Read_EndlessRedirects_StopAfterTheHopLimit()
    {
        RedirectStatuses($"{_server.GitHubApiUrl}/repos/acme/odoo-addons/commits/{Sha}/statuses?per_page=100", times: 50);
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(Repo, Sha, CancellationToken.None));

        Assert.Contains($"redirects more than {RedirectHandler.MaxHops} times", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RedirectHandler.MaxHops, _server.Requests.Count);
    }

    [Fact]
    public async Task Write_307OnTheApiOrigin_IsFollowedWithMethodAndBody()
    {
        _repo.AddPullRequest(42, Sha);
        _server.Faults.Add("POST", "/repos/acme/odoo-addons/issues/42/comments", Fault.Redirect(_server.GitHubApiUrl + RepositoryPath("issues/42/comments"), 307));
        using var client = Client();

        var comment = await client.CreateIssueCommentAsync(Repo, 42, "hello", CancellationToken.None);

        Assert.Equal("hello", comment.Body);
        var followed = _server.Requests[^1];
        Assert.Equal(("POST", RepositoryPath("issues/42/comments")), (followed.Method, followed.PathAndQuery));
        Assert.Contains("hello", followed.Body, StringComparison.Ordinal);
        Assert.Single(_repo.Comments(42));
    }

    [Fact]
    public async Task Write_302_IsNotTurnedIntoARead()
    {
        _repo.AddPullRequest(42, Sha);
        _server.Faults.Add("POST", "/repos/acme/odoo-addons/issues/42/comments", Fault.Redirect(_server.GitHubApiUrl + RepositoryPath("issues/42/comments")));
        using var client = Client();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.CreateIssueCommentAsync(Repo, 42, "hello", CancellationToken.None));

        Assert.Equal(HttpStatusCode.Found, ex.StatusCode);
        Assert.Single(_server.Requests);
        Assert.Empty(_repo.Comments(42));
    }
}
