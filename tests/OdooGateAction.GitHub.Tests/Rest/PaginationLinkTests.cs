using Microsoft.Extensions.Time.Testing;
using System.Net;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Testing;

namespace OdooGateAction.GitHub.Tests.Rest;

public sealed class PaginationLinkTests
{
    [Theory]
    [InlineData("<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"", "https://api.github.com/repositories/1/issues?page=2")]
    [InlineData("<https://api.github.com/x?page=1>; rel=\"prev\", <https://api.github.com/x?page=3>; rel=\"next\"", "https://api.github.com/x?page=3")]
    [InlineData("<https://api.github.com/x?page=1>; rel=\"first\", <https://api.github.com/x?page=2>; rel=\"prev\"", null)]
    public void NextLink_GitHubLinkHeader_FindsRelNext(string link, string? expected)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Link", link);

        Assert.Equal(expected, GitHubRestClient.NextLink(response));
    }

    [Fact]
    public async Task List_NextLinkToAnotherHost_IsRefusedSoTheTokenStaysHome()
    {
        using var transport = new StubHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]") };
            response.Headers.TryAddWithoutValidation("Link", "<https://evil.example/steal?page=2>; rel=\"next\"");
            return response;
        });
        using var client = GitHubRestClient.Create(new GitHubClientOptions("https://api.github.com", "t"), new FakeTimeProvider(DateTimeOffset.UnixEpoch), new GitHubRequestStats(), transport);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => client.ListStatusesAsync(new RepositoryRef("a", "b"), "abc", CancellationToken.None));

        Assert.Contains("points to another host", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, transport.Calls);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(answer(request));
        }
    }
}
