using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OdooGateAction.FakeGitHub.Tests;

/// <summary>A plain HttpClient talking to the fake the way the action does (Bearer token, GitHub media type, API version).</summary>
internal sealed class Api : IDisposable
{
    public const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private readonly FakeGitHubServer _server;

    public Api(FakeGitHubServer server, string? authorization = null, TimeSpan? timeout = null)
    {
        _server = server;
        Http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        Http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization ?? "Bearer " + server.Token);
        Http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        Http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("odoo-gate-action-tests", "1.0"));
        Http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    public HttpClient Http { get; }

    public Uri Url(string path) => new(_server.GitHubApiUrl + path);

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(Url(path));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(", ", contentValues)
        : string.Empty;

    /// <summary>The URL of rel="next" in a GitHub Link header, or null.</summary>
    public static Uri? NextLink(HttpResponseMessage response)
    {
        foreach (var part in Header(response, "Link").Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.EndsWith("rel=\"next\"", StringComparison.Ordinal))
            {
                return new Uri(part[1..part.IndexOf('>', StringComparison.Ordinal)]);
            }
        }

        return null;
    }

    public void Dispose() => Http.Dispose();
}
