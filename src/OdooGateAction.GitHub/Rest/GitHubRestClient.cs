using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// Our own typed client for the few GitHub REST endpoints the action needs (Octokit is not in the reachable
/// registry). JSON by source generation; GitHub's media type and API version; <c>per_page=100</c> and
/// <c>Link</c> pagination for every list; the base URL is <c>GITHUB_API_URL</c> exactly as given
/// (github.com or GHES <c>https://HOST/api/v3</c>).
/// </summary>
public sealed class GitHubRestClient : IGitHubApi, IDisposable
{
    public const string ApiVersion = "2022-11-28";

    private readonly HttpClient _http;
    private readonly GitHubClientOptions _options;
    private readonly string _apiUrl;
    private readonly Uri _apiOrigin;

    public GitHubRestClient(HttpClient http, GitHubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options;
        _apiUrl = options.ApiUrl.TrimEnd('/');
        if (GitHubClientOptions.TokenProblem(options.Token) is { } tokenProblem)
        {
            throw new ArgumentException($"the token {tokenProblem}", nameof(options));
        }

        _apiOrigin = ApiOrigin(options.ApiUrl);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        _http.DefaultRequestHeaders.Add("X-GitHub-Api-Version", ApiVersion);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue(options.UserAgent, typeof(GitHubRestClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0"));
        if (options.Token.Length > 0)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        _http.Timeout = Timeout.InfiniteTimeSpan; // the resilience handler times each attempt
    }

    /// <summary>
    /// Builds a client with the handler chain: conditional requests → redirects (same origin only) → resilience →
    /// counting → sockets (whose own redirect following is off).
    /// </summary>
    public static GitHubRestClient Create(GitHubClientOptions options, TimeProvider time, GitHubRequestStats stats, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var counting = new CountingHandler(stats)
        {
            InnerHandler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false },
        };
        var resilience = new ResilienceHandler(options, time, stats) { InnerHandler = counting };
        var redirects = new RedirectHandler(ApiOrigin(options.ApiUrl)) { InnerHandler = resilience };
        var conditional = new ConditionalRequestHandler(stats, options.Limits.ResponseCacheBytes) { InnerHandler = redirects };
        return new GitHubRestClient(new HttpClient(conditional, disposeHandler: true), options);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The scheme, host and port of <c>GITHUB_API_URL</c>: the only origin the token is sent to.</summary>
    private static Uri ApiOrigin(string apiUrl)
    {
        if (!Uri.TryCreate(apiUrl.TrimEnd('/'), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new Core.InputException($"GITHUB_API_URL '{apiUrl}' is not an http(s) URL");
        }

        return new Uri(url.GetLeftPart(UriPartial.Authority));
    }

    public async Task<IReadOnlyList<GitHubCheckRun>> ListCheckRunsAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken)
    {
        var runs = new List<GitHubCheckRun>();
        await foreach (var page in PagesAsync(Url(repository, $"commits/{Escape(sha)}/check-runs?filter=all"), GitHubJsonContext.Default.GitHubCheckRunsPage, cancellationToken).ConfigureAwait(false))
        {
            runs.AddRange(page.CheckRuns ?? []);
        }

        return runs;
    }

    public async Task<IReadOnlyList<GitHubCommitStatus>> ListStatusesAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken) =>
        await AllAsync(Url(repository, $"commits/{Escape(sha)}/statuses"), GitHubJsonContext.Default.ListGitHubCommitStatus, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GitHubPullRequest>> ListPullRequestsForCommitAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken) =>
        await AllAsync(Url(repository, $"commits/{Escape(sha)}/pulls"), GitHubJsonContext.Default.ListGitHubPullRequest, cancellationToken).ConfigureAwait(false);

    public Task<GitHubPullRequest> GetPullRequestAsync(RepositoryRef repository, int number, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, Url(repository, $"pulls/{number.ToString(CultureInfo.InvariantCulture)}"), null, GitHubJsonContext.Default.GitHubPullRequest, cancellationToken);

    public async Task<IReadOnlyList<GitHubIssueComment>> ListIssueCommentsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken) =>
        await AllAsync(Url(repository, $"issues/{number.ToString(CultureInfo.InvariantCulture)}/comments"), GitHubJsonContext.Default.ListGitHubIssueComment, cancellationToken).ConfigureAwait(false);

    public Task<GitHubIssueComment> CreateIssueCommentAsync(RepositoryRef repository, int number, string body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, Url(repository, $"issues/{number.ToString(CultureInfo.InvariantCulture)}/comments"),
            Json(new GitHubCommentWrite { Body = body }, GitHubJsonContext.Default.GitHubCommentWrite), GitHubJsonContext.Default.GitHubIssueComment, cancellationToken);

    public Task<GitHubIssueComment> UpdateIssueCommentAsync(RepositoryRef repository, long commentId, string body, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Patch, Url(repository, $"issues/comments/{commentId.ToString(CultureInfo.InvariantCulture)}"),
            Json(new GitHubCommentWrite { Body = body }, GitHubJsonContext.Default.GitHubCommentWrite), GitHubJsonContext.Default.GitHubIssueComment, cancellationToken);

    public Task<GitHubCheckRun> CreateCheckRunAsync(RepositoryRef repository, GitHubCheckRunWrite checkRun, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, Url(repository, "check-runs"), Json(checkRun, GitHubJsonContext.Default.GitHubCheckRunWrite), GitHubJsonContext.Default.GitHubCheckRun, cancellationToken);

    /// <summary>Updates a check run; <c>head_sha</c> is not sent (the update operation does not define it: a run's commit never changes).</summary>
    public Task<GitHubCheckRun> UpdateCheckRunAsync(RepositoryRef repository, long checkRunId, GitHubCheckRunWrite checkRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkRun);
        var update = new GitHubCheckRunWrite
        {
            Name = checkRun.Name,
            Status = checkRun.Status,
            Conclusion = checkRun.Conclusion,
            ExternalId = checkRun.ExternalId,
            DetailsUrl = checkRun.DetailsUrl,
            CompletedAt = checkRun.CompletedAt,
            Output = checkRun.Output,
        };
        return SendJsonAsync(HttpMethod.Patch, Url(repository, $"check-runs/{checkRunId.ToString(CultureInfo.InvariantCulture)}"),
            Json(update, GitHubJsonContext.Default.GitHubCheckRunWrite), GitHubJsonContext.Default.GitHubCheckRun, cancellationToken);
    }

    public async Task<IReadOnlyList<GitHubIssueEvent>> ListIssueEventsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken) =>
        await AllAsync(Url(repository, $"issues/{number.ToString(CultureInfo.InvariantCulture)}/events"), GitHubJsonContext.Default.ListGitHubIssueEvent, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GitHubPullRequestReview>> ListPullRequestReviewsAsync(RepositoryRef repository, int number, CancellationToken cancellationToken) =>
        await AllAsync(Url(repository, $"pulls/{number.ToString(CultureInfo.InvariantCulture)}/reviews"), GitHubJsonContext.Default.ListGitHubPullRequestReview, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<GitHubCheckSuite>> ListCheckSuitesAsync(RepositoryRef repository, string sha, CancellationToken cancellationToken)
    {
        var suites = new List<GitHubCheckSuite>();
        await foreach (var page in PagesAsync(Url(repository, $"commits/{Escape(sha)}/check-suites"), GitHubJsonContext.Default.GitHubCheckSuitesPage, cancellationToken).ConfigureAwait(false))
        {
            suites.AddRange(page.CheckSuites ?? []);
        }

        return suites;
    }

    public async Task<GitHubCollaboratorPermission?> GetCollaboratorPermissionAsync(RepositoryRef repository, string login, CancellationToken cancellationToken)
    {
        try
        {
            return await SendJsonAsync(HttpMethod.Get, Url(repository, $"collaborators/{Escape(login)}/permission"), null,
                GitHubJsonContext.Default.GitHubCollaboratorPermission, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // not a collaborator (or no such user)
        }
    }

    public async Task<string?> GetTeamMembershipStateAsync(string org, string teamSlug, string login, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await SendJsonAsync(HttpMethod.Get, $"{_apiUrl}/orgs/{Escape(org)}/teams/{Escape(teamSlug)}/memberships/{Escape(login)}", null,
                GitHubJsonContext.Default.GitHubTeamMembership, cancellationToken).ConfigureAwait(false);
            return answer.State;
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // not a member
        }
    }

    public async Task RemoveLabelAsync(RepositoryRef repository, int number, string label, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, Url(repository, $"issues/{number.ToString(CultureInfo.InvariantCulture)}/labels/{Escape(label)}"), null, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // already removed
        }
    }

    public async Task<string?> GetAuthenticatedLoginAsync(CancellationToken cancellationToken)
    {
        try
        {
            var user = await SendJsonAsync(HttpMethod.Get, $"{_apiUrl}/user", null, GitHubJsonContext.Default.GitHubUser, cancellationToken).ConfigureAwait(false);
            return user.Login;
        }
        catch (GitHubApiException ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized)
        {
            return null; // GITHUB_TOKEN (an installation token) may not read /user
        }
    }

    public async Task<string?> ResolveCommitAsync(RepositoryRef repository, string reference, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var url = Url(repository, $"commits/{Escape(reference)}");
        try
        {
            using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken, "application/vnd.github.sha").ConfigureAwait(false);
            var text = (await ReadBoundedAsync(response, 100, cancellationToken).ConfigureAwait(false)).Text.Trim();
            return text.Length == 40 && text.All(char.IsAsciiHexDigit)
                ? text.ToLowerInvariant()
                : throw new GitHubApiException($"GitHub's answer to {PathOf(url)} is not a commit SHA", response.StatusCode, "GET", PathOf(url));
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            return null; // "No commit found for SHA: <ref>": no branch, tag or commit of that name (a 404 is the repository itself)
        }
    }

    public async Task<RepositoryFile?> GetFileAsync(RepositoryRef repository, string path, string commitSha, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(commitSha);
        var escapedPath = string.Join('/', path.Split('/').Select(Escape));
        try
        {
            using var response = await SendAsync(HttpMethod.Get, Url(repository, $"contents/{escapedPath}?ref={Escape(commitSha)}"), null, cancellationToken, "application/vnd.github.raw+json").ConfigureAwait(false);
            var (bytes, tooLarge) = await ReadBoundedBytesAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
            return new RepositoryFile(path, bytes, tooLarge);
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> of a body; says whether there was more.</summary>
    private static async Task<(byte[] Bytes, bool TooLarge)> ReadBoundedBytesAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[maxBytes + 1];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read > maxBytes ? (buffer[..maxBytes], true) : (buffer[..read], false);
        }
    }

    private static async Task<(string Text, bool TooLarge)> ReadBoundedAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var (bytes, tooLarge) = await ReadBoundedBytesAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        return (Encoding.UTF8.GetString(bytes), tooLarge);
    }

    private string Url(RepositoryRef repository, string path) =>
        $"{_apiUrl}/repos/{Escape(repository.Owner)}/{Escape(repository.Name)}/{path}";

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static StringContent Json<T>(T value, JsonTypeInfo<T> typeInfo) =>
        new(JsonSerializer.Serialize(value, typeInfo), Encoding.UTF8, "application/json");

    private async Task<List<T>> AllAsync<T>(string url, JsonTypeInfo<List<T>> typeInfo, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        await foreach (var page in PagesAsync(url, typeInfo, cancellationToken).ConfigureAwait(false))
        {
            all.AddRange(page);
        }

        return all;
    }

    /// <summary>Follows <c>Link: rel="next"</c>, only ever to the API's own origin (the token goes nowhere else).</summary>
    private async IAsyncEnumerable<T> PagesAsync<T>(string url, JsonTypeInfo<T> typeInfo, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"per_page={_options.PageSize.ToString(CultureInfo.InvariantCulture)}";
        for (var page = 1; next is not null; page++)
        {
            if (page > _options.Limits.MaxPages)
            {
                throw new GitHubApiException($"GitHub returned more than {_options.Limits.MaxPages} pages for {PathOf(url)}; refusing to read further", null, "GET", PathOf(url));
            }

            using var response = await SendAsync(HttpMethod.Get, next, null, cancellationToken).ConfigureAwait(false);
            yield return await ReadAsync(response, typeInfo, next, cancellationToken).ConfigureAwait(false);
            next = NextLink(response);
            if (next is not null && (!Uri.TryCreate(next, UriKind.Absolute, out var nextUri) || !RedirectHandler.SameOrigin(nextUri, _apiOrigin)))
            {
                throw new GitHubApiException($"GitHub's pagination link for {PathOf(url)} points to another host; refusing to send the token there", null, "GET", PathOf(url));
            }
        }
    }

    internal static string? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var part in string.Join(",", values).Split(','))
        {
            var segments = part.Split(';');
            if (segments.Length >= 2 && segments.Skip(1).Any(s => s.Trim() is "rel=\"next\"" or "rel=next"))
            {
                var target = segments[0].Trim();
                if (target.StartsWith('<') && target.EndsWith('>'))
                {
                    return target[1..^1];
                }
            }
        }

        return null;
    }

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string url, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, url, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, url, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken, string? mediaType = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (mediaType is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType)); // replaces the client's default
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new GitHubApiException(Redact($"GitHub did not answer {method} {PathOf(url)} after {_options.MaxRetries} retries: {ex.Message}"), null, method.Method, PathOf(url), ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ErrorMessageAsync(response, _options.Limits.ErrorBodyBytes, cancellationToken).ConfigureAwait(false);
            throw new GitHubApiException(
                Redact($"GitHub answered {(int)response.StatusCode} {response.ReasonPhrase} to {method} {PathOf(url)}: {message}{Hint(response.StatusCode)}"),
                response.StatusCode, method.Method, PathOf(url));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, string url, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new GitHubApiException($"GitHub answered {PathOf(url)} with null", response.StatusCode, "GET", PathOf(url));
            }
        }
        catch (JsonException ex)
        {
            throw new GitHubApiException($"GitHub's answer to {PathOf(url)} is not the JSON expected: {ex.Message}", response.StatusCode, "GET", PathOf(url), ex);
        }
    }

    /// <summary>
    /// GitHub's <c>message</c>, or the start of a body that is not GitHub's: at most <paramref name="maxBytes"/> of it is
    /// read, and it is redacted before it is cut, so no part of a secret is left.
    /// </summary>
    private async Task<string> ErrorMessageAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        var (text, _) = await ReadBoundedAsync(response, maxBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            var error = JsonSerializer.Deserialize(text, GitHubJsonContext.Default.GitHubError);
            if (!string.IsNullOrWhiteSpace(error?.Message))
            {
                return Core.InputText.Excerpt(Redact(error.Message), 300);
            }
        }
        catch (JsonException)
        {
            // not JSON (a proxy's HTML page, or cut at the limit): show its start
        }

        return Core.InputText.Excerpt(Redact(text.ReplaceLineEndings(" ").Trim()), 120);
    }

    /// <summary>An error body may quote what was sent: the token never reaches a message.</summary>
    private string Redact(string message) => Core.Redaction.Redact(message, [_options.Token]);

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => " (check the github-token input: the token is missing, wrong or expired)",
        HttpStatusCode.NotFound => " (the repository, commit or PR does not exist, or the token cannot see it)",
        HttpStatusCode.Forbidden => " (the token lacks a permission; see the README's permissions table)",
        _ => string.Empty,
    };

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;
}
