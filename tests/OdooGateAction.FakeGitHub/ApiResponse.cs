using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace OdooGateAction.FakeGitHub;

/// <summary>A response before it is written: the writer adds the common headers, the ETag / 304 and the rate limit.</summary>
internal sealed class ApiResponse
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public int Status { get; init; }
    public byte[] Body { get; init; } = [];
    public string ContentType { get; init; } = JsonContentType;
    public string? Link { get; set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False for the few calls GitHub does not count (<c>GET /rate_limit</c>).</summary>
    public bool CountsAgainstRateLimit { get; init; } = true;

    /// <summary>Rate-limit values to show instead of the server's (the primary-rate-limit fault).</summary>
    public (int Remaining, long Reset)? RateLimitShown { get; init; }

    /// <summary>The same answer (status, headers, link, rate-limit behaviour) with another JSON body.</summary>
    public ApiResponse WithBody(JsonNode node)
    {
        var copy = new ApiResponse
        {
            Status = Status,
            Body = Encoding.UTF8.GetBytes(node.ToJsonString(GitHubJson.WriteOptions)),
            ContentType = ContentType,
            Link = Link,
            CountsAgainstRateLimit = CountsAgainstRateLimit,
            RateLimitShown = RateLimitShown,
        };
        foreach (var (name, value) in Headers)
        {
            copy.Headers[name] = value;
        }

        return copy;
    }

    public static ApiResponse Json(int status, JsonNode node) =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(node.ToJsonString(GitHubJson.WriteOptions)) };

    public static ApiResponse Error(int status, string message, string documentationUrl = Docs.Root) =>
        Json(status, GitHubJson.Error(message, documentationUrl, status));

    public static ApiResponse NotFound(string documentationUrl = Docs.Root) => Error(404, "Not Found", documentationUrl);

    public static ApiResponse NotAccessible(string documentationUrl) =>
        Error(403, "Resource not accessible by integration", documentationUrl);

    public static ApiResponse ProblemsParsingJson(string documentationUrl) => Error(400, "Problems parsing JSON", documentationUrl);

    /// <summary>GitHub's 422 (<c>validation-error</c> schema), as in the recorded octokit fixture: message, errors[], documentation_url.</summary>
    public static ApiResponse ValidationFailed(string documentationUrl, params ValidationError[] errors)
    {
        var list = new JsonArray();
        foreach (var e in errors)
        {
            var item = new JsonObject { ["resource"] = e.Resource, ["code"] = e.Code, ["field"] = e.Field };
            if (e.Message is not null)
            {
                item["message"] = e.Message;
            }

            list.Add(item);
        }

        return Json(422, new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = list,
            ["documentation_url"] = documentationUrl,
            ["status"] = "422",
        });
    }

    public static ApiResponse Text(int status, string body, string contentType) =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(body), ContentType = contentType };

    public static string DefaultReason(int status) =>
        ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : status.ToString(CultureInfo.InvariantCulture);
}

internal sealed record ValidationError(string Resource, string Code, string Field, string? Message = null);

/// <summary>The documentation URLs GitHub puts in its error bodies.</summary>
internal static class Docs
{
    public const string Root = "https://docs.github.com/rest";
    public const string ListCheckRuns = "https://docs.github.com/rest/checks/runs#list-check-runs-for-a-git-reference";
    public const string GetCheckRun = "https://docs.github.com/rest/checks/runs#get-a-check-run";
    public const string CreateCheckRun = "https://docs.github.com/rest/checks/runs#create-a-check-run";
    public const string UpdateCheckRun = "https://docs.github.com/rest/checks/runs#update-a-check-run";
    public const string ListStatuses = "https://docs.github.com/rest/commits/statuses#list-commit-statuses-for-a-reference";
    public const string CommitPulls = "https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit";
    public const string GetPull = "https://docs.github.com/rest/pulls/pulls#get-a-pull-request";
    public const string ListComments = "https://docs.github.com/rest/issues/comments#list-issue-comments";
    public const string GetComment = "https://docs.github.com/rest/issues/comments#get-an-issue-comment";
    public const string CreateComment = "https://docs.github.com/rest/issues/comments#create-an-issue-comment";
    public const string UpdateComment = "https://docs.github.com/rest/issues/comments#update-an-issue-comment";
    public const string AuthenticatedUser = "https://docs.github.com/rest/users/users#get-the-authenticated-user";
    public const string PrimaryRateLimit = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits";
    public const string SecondaryRateLimit = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

    /// <summary>The page for a write (used by the read-only-token 403, decided before routing).</summary>
    public static string ForWrite(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = segments.Length > 0 ? segments[^1] : string.Empty;
        var beforeLast = segments.Length > 1 ? segments[^2] : string.Empty;
        return (method.ToUpperInvariant(), beforeLast, last) switch
        {
            ("POST", _, "check-runs") => CreateCheckRun,
            ("PATCH", "check-runs", _) => UpdateCheckRun,
            ("POST", _, "comments") => CreateComment,
            ("PATCH", "comments", _) => UpdateComment,
            _ => Root,
        };
    }
}
