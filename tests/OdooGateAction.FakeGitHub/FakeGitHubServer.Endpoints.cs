using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OdooGateAction.FakeGitHub;

public sealed partial class FakeGitHubServer
{
    private const int MaxCheckRunText = 65535;
    private const int MaxCommentBody = 65536;

    private delegate ApiResponse RepoHandler(HttpContext context, FakeRepository repo);

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/user", context => WriteAsync(context, GetUser()));
        app.MapGet("/rate_limit", context => WriteAsync(context, GetRateLimit()));
        MapRepo(app, "GET", "/commits/{ref}/check-runs", ListCheckRuns);
        MapRepo(app, "GET", "/commits/{ref}/statuses", ListStatuses);
        MapRepo(app, "GET", "/commits/{ref}/pulls", ListPullsForCommit);
        MapRepo(app, "GET", "/pulls/{number:int}", GetPull);
        MapRepo(app, "GET", "/issues/{number:int}/comments", ListComments);
        MapRepo(app, "POST", "/issues/{number:int}/comments", CreateComment);
        MapRepo(app, "GET", "/issues/comments/{id:long}", GetComment);
        MapRepo(app, "PATCH", "/issues/comments/{id:long}", UpdateComment);
        MapRepo(app, "POST", "/check-runs", CreateCheckRun);
        MapRepo(app, "GET", "/check-runs/{id:long}", GetCheckRun);
        MapRepo(app, "PATCH", "/check-runs/{id:long}", UpdateCheckRun);
        MapOverrideRoutes(app);
        MapContentRoutes(app);
        app.MapFallback("{*path}", context => WriteAsync(context, ApiResponse.NotFound()));
    }

    private void MapRepo(WebApplication app, string method, string suffix, RepoHandler handler)
    {
        Task Handle(HttpContext context) =>
            WriteAsync(context, ResolveRepository(context) is { } repo ? handler(context, repo) : ApiResponse.NotFound());

        app.MapMethods("/repos/{owner}/{repo}" + suffix, [method], Handle);
        app.MapMethods("/repositories/{repositoryId:long}" + suffix, [method], Handle);
    }

    private FakeRepository? ResolveRepository(HttpContext context)
    {
        var values = context.Request.RouteValues;
        lock (_gate)
        {
            if (values.TryGetValue("repositoryId", out var id) && long.TryParse(id as string, CultureInfo.InvariantCulture, out var repoId))
            {
                return _repositoriesById.GetValueOrDefault(repoId);
            }

            return _repositories.GetValueOrDefault($"{values["owner"]}/{values["repo"]}");
        }
    }

    // ---- users and rate limit ------------------------------------------------------------------------------------

    private ApiResponse GetUser() => AuthenticatedLogin is { } login
        ? ApiResponse.Json(200, Json.AuthenticatedUser(login))
        : ApiResponse.NotAccessible(Docs.AuthenticatedUser);

    private ApiResponse GetRateLimit()
    {
        int remaining;
        long reset;
        lock (_gate)
        {
            RefreshWindow();
            remaining = _remaining;
            reset = _reset!.Value.ToUnixTimeSeconds();
        }

        var json = GitHubJson.RateLimit(RateLimit, remaining, reset);
        return new ApiResponse { Status = 200, Body = ApiResponse.Json(200, json).Body, CountsAgainstRateLimit = false };
    }

    // ---- check runs --------------------------------------------------------------------------------------------

    /// <summary>
    /// <c>filter=latest</c> (the default) keeps, per check name, the run with the latest <c>started_at</c> (ties: the higher
    /// id); <c>check_name</c> and <c>app_id</c> narrow first, <c>status</c> applies after the latest-filter. Ordered by id.
    /// </summary>
    private ApiResponse ListCheckRuns(HttpContext context, FakeRepository repo)
    {
        var sha = (string)context.Request.RouteValues["ref"]!;
        var query = context.Request.Query;
        var filter = query["filter"].ToString();
        if (filter.Length > 0 && filter is not ("latest" or "all"))
        {
            return ApiResponse.ValidationFailed(Docs.ListCheckRuns, new ValidationError("CheckRun", "invalid", "filter"));
        }

        lock (repo.Gate)
        {
            var runs = repo.CheckRunsUnlocked.Where(r => string.Equals(r.HeadSha, sha, StringComparison.OrdinalIgnoreCase));
            if (query["check_name"].ToString() is { Length: > 0 } name)
            {
                runs = runs.Where(r => string.Equals(r.Name, name, StringComparison.Ordinal));
            }

            if (long.TryParse(query["app_id"].ToString(), CultureInfo.InvariantCulture, out var appId))
            {
                runs = runs.Where(r => r.AppId == appId);
            }

            if (filter != "all")
            {
                runs = runs
                    .GroupBy(r => r.Name, StringComparer.Ordinal)
                    .Select(g => g.OrderByDescending(r => r.StartedAt ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Id).First());
            }

            if (query["status"].ToString() is { Length: > 0 } status)
            {
                runs = runs.Where(r => string.Equals(r.Status, status, StringComparison.Ordinal));
            }

            var all = runs.OrderBy(r => r.Id).ToList();
            var (page, link) = Paginate(context, repo, all);
            var list = new JsonArray();
            foreach (var run in page)
            {
                list.Add(Json.CheckRun(repo, run, repo.PullsWithHead(run.HeadSha)));
            }

            return WithLink(ApiResponse.Json(200, new JsonObject { ["total_count"] = all.Count, ["check_runs"] = list }), link);
        }
    }

    private ApiResponse GetCheckRun(HttpContext context, FakeRepository repo)
    {
        var id = RouteLong(context, "id");
        lock (repo.Gate)
        {
            var run = repo.CheckRunsUnlocked.FirstOrDefault(r => r.Id == id);
            return run is null
                ? ApiResponse.NotFound(Docs.GetCheckRun)
                : ApiResponse.Json(200, Json.CheckRun(repo, run, repo.PullsWithHead(run.HeadSha)));
        }
    }

    private ApiResponse CreateCheckRun(HttpContext context, FakeRepository repo)
    {
        if (ParseBody(context, Docs.CreateCheckRun, out var body) is { } bad)
        {
            return bad;
        }

        var missing = new List<ValidationError>();
        if (StringField(body, "name") is not { Length: > 0 })
        {
            missing.Add(new ValidationError("CheckRun", "missing_field", "name"));
        }

        if (StringField(body, "head_sha") is not { Length: > 0 })
        {
            missing.Add(new ValidationError("CheckRun", "missing_field", "head_sha"));
        }

        if (missing.Count > 0)
        {
            return ApiResponse.ValidationFailed(Docs.CreateCheckRun, [.. missing]);
        }

        var run = new CheckRun { Name = StringField(body, "name")!, HeadSha = StringField(body, "head_sha")!, Status = "queued" };
        if (ApplyCheckRunFields(run, body, Docs.CreateCheckRun, creating: true) is { } invalid)
        {
            return invalid;
        }

        lock (repo.Gate)
        {
            repo.CreateCheckRunUnlocked(run, WriterAppSlug);
            var response = ApiResponse.Json(201, Json.CheckRun(repo, run, repo.PullsWithHead(run.HeadSha)));
            response.Headers["Location"] = $"{_apiBase}/repos/{repo.FullName}/check-runs/{run.Id}";
            return response;
        }
    }

    private ApiResponse UpdateCheckRun(HttpContext context, FakeRepository repo)
    {
        var id = RouteLong(context, "id");
        if (ParseBody(context, Docs.UpdateCheckRun, out var body) is { } bad)
        {
            return bad;
        }

        lock (repo.Gate)
        {
            var run = repo.CheckRunsUnlocked.FirstOrDefault(r => r.Id == id);
            if (run is null)
            {
                return ApiResponse.NotFound(Docs.UpdateCheckRun);
            }

            if (!string.Equals(run.AppSlug, WriterAppSlug, StringComparison.OrdinalIgnoreCase))
            {
                // Only the app that created a check run may change it.
                return ApiResponse.NotAccessible(Docs.UpdateCheckRun);
            }

            if (body.ContainsKey("name") && StringField(body, "name") is not { Length: > 0 })
            {
                return ApiResponse.ValidationFailed(Docs.UpdateCheckRun, new ValidationError("CheckRun", "missing_field", "name"));
            }

            // Validate on a copy so a 422 leaves the stored run unchanged.
            var copy = Copy(run);
            if (body.ContainsKey("name"))
            {
                copy.Name = StringField(body, "name")!;
            }

            if (ApplyCheckRunFields(copy, body, Docs.UpdateCheckRun, creating: false) is { } invalid)
            {
                return invalid;
            }

            (run.Name, run.Status, run.Conclusion, run.StartedAt, run.CompletedAt) = (copy.Name, copy.Status, copy.Conclusion, copy.StartedAt, copy.CompletedAt);
            (run.ExternalId, run.DetailsUrl) = (copy.ExternalId, copy.DetailsUrl);
            (run.OutputTitle, run.OutputSummary, run.OutputText, run.AnnotationsCount) = (copy.OutputTitle, copy.OutputSummary, copy.OutputText, copy.AnnotationsCount);
            return ApiResponse.Json(200, Json.CheckRun(repo, run, repo.PullsWithHead(run.HeadSha)));
        }
    }

    /// <summary>
    /// GitHub's rules: a conclusion forces <c>status: completed</c>; <c>completed</c> needs a conclusion; completing
    /// without <c>completed_at</c> uses the server time; <c>output</c> needs <c>title</c> and <c>summary</c>; summary and
    /// text are at most 65535 characters.
    /// </summary>
    private ApiResponse? ApplyCheckRunFields(CheckRun run, JsonObject body, string docs, bool creating)
    {
        var now = Clock.GetUtcNow();
        if (body.ContainsKey("status"))
        {
            var status = StringField(body, "status");
            if (status is not ("queued" or "in_progress" or "completed"))
            {
                return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "invalid", "status"));
            }

            run.Status = status;
        }

        if (body["conclusion"] is not null)
        {
            var conclusion = StringField(body, "conclusion");
            if (conclusion is null || !FakeRepository.Conclusions.Contains(conclusion, StringComparer.Ordinal))
            {
                return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "invalid", "conclusion"));
            }

            run.Conclusion = conclusion;
            run.Status = "completed";
        }

        if (run.Status == "completed" && run.Conclusion is null)
        {
            return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "missing_field", "conclusion", "conclusion is required when status is completed"));
        }

        if (run.Status != "completed")
        {
            run.Conclusion = null;
            run.CompletedAt = null;
        }

        if (DateField(body, "started_at", out var startedAt) is false)
        {
            return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "invalid", "started_at"));
        }

        if (DateField(body, "completed_at", out var completedAt) is false)
        {
            return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "invalid", "completed_at"));
        }

        run.StartedAt = startedAt ?? run.StartedAt ?? (creating ? now : null);
        if (run.Status == "completed")
        {
            run.CompletedAt = completedAt ?? run.CompletedAt ?? now;
        }

        if (body.ContainsKey("external_id"))
        {
            run.ExternalId = StringField(body, "external_id");
        }

        if (body.ContainsKey("details_url"))
        {
            run.DetailsUrl = StringField(body, "details_url");
        }

        if (body["output"] is JsonObject output)
        {
            var title = StringField(output, "title");
            var summary = StringField(output, "summary");
            if (title is null || summary is null)
            {
                return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "missing_field", title is null ? "output.title" : "output.summary"));
            }

            var text = StringField(output, "text");
            foreach (var (field, value) in new[] { ("summary", summary), ("text", text) })
            {
                if (value is { Length: > MaxCheckRunText })
                {
                    return ApiResponse.ValidationFailed(
                        docs,
                        new ValidationError("CheckRun", "custom", "output." + field, $"output.{field} is too long (maximum is {MaxCheckRunText} characters)"));
                }
            }

            run.OutputTitle = title;
            run.OutputSummary = summary;
            run.OutputText = text;
            run.AnnotationsCount += output["annotations"] is JsonArray annotations ? annotations.Count : 0;
        }
        else if (body.ContainsKey("output"))
        {
            return ApiResponse.ValidationFailed(docs, new ValidationError("CheckRun", "invalid", "output"));
        }

        return null;
    }

    private static CheckRun Copy(CheckRun run) => new()
    {
        Id = run.Id,
        HeadSha = run.HeadSha,
        Name = run.Name,
        Status = run.Status,
        Conclusion = run.Conclusion,
        StartedAt = run.StartedAt,
        CompletedAt = run.CompletedAt,
        AppSlug = run.AppSlug,
        AppId = run.AppId,
        CheckSuiteId = run.CheckSuiteId,
        ExternalId = run.ExternalId,
        DetailsUrl = run.DetailsUrl,
        HtmlUrl = run.HtmlUrl,
        OutputTitle = run.OutputTitle,
        OutputSummary = run.OutputSummary,
        OutputText = run.OutputText,
        AnnotationsCount = run.AnnotationsCount,
    };

    // ---- statuses and pull requests ---------------------------------------------------------------------------

    private ApiResponse ListStatuses(HttpContext context, FakeRepository repo)
    {
        var sha = (string)context.Request.RouteValues["ref"]!;
        lock (repo.Gate)
        {
            var all = repo.StatusesUnlocked
                .Where(s => string.Equals(s.Sha, sha, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(s => s.CreatedAt)
                .ThenByDescending(s => s.Id)
                .ToList();
            var (page, link) = Paginate(context, repo, all);
            return WithLink(ApiResponse.Json(200, new JsonArray([.. page.Select(s => (JsonNode)Json.Status(repo, s))])), link);
        }
    }

    private ApiResponse ListPullsForCommit(HttpContext context, FakeRepository repo)
    {
        var sha = (string)context.Request.RouteValues["ref"]!;
        lock (repo.Gate)
        {
            var all = repo.PullsForCommit(sha).ToList();
            var (page, link) = Paginate(context, repo, all);
            var list = new JsonArray();
            foreach (var pr in page)
            {
                list.Add(Json.PullRequest(repo, pr, CommentCount(repo, pr.Number), simple: true));
            }

            return WithLink(ApiResponse.Json(200, list), link);
        }
    }

    private ApiResponse GetPull(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        lock (repo.Gate)
        {
            return repo.PullUnlocked(number) is { } pr
                ? ApiResponse.Json(200, Json.PullRequest(repo, pr, CommentCount(repo, number), simple: false))
                : ApiResponse.NotFound(Docs.GetPull);
        }
    }

    private static int CommentCount(FakeRepository repo, int number) => repo.CommentsUnlocked.Count(c => c.IssueNumber == number);

    // ---- comments ----------------------------------------------------------------------------------------------

    private ApiResponse ListComments(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        var since = context.Request.Query["since"].ToString();
        DateTimeOffset? sinceTime = null;
        if (since.Length > 0)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiResponse.ValidationFailed(Docs.ListComments, new ValidationError("IssueComment", "invalid", "since"));
            }

            sinceTime = parsed;
        }

        lock (repo.Gate)
        {
            if (!repo.IssueExists(number))
            {
                return ApiResponse.NotFound(Docs.ListComments);
            }

            var all = repo.CommentsUnlocked
                .Where(c => c.IssueNumber == number && (sinceTime is null || c.UpdatedAt >= sinceTime))
                .OrderBy(c => c.CreatedAt)
                .ThenBy(c => c.Id)
                .ToList();
            var (page, link) = Paginate(context, repo, all);
            var isPull = repo.IsPullRequest(number);
            return WithLink(ApiResponse.Json(200, new JsonArray([.. page.Select(c => (JsonNode)Json.Comment(repo, c, isPull))])), link);
        }
    }

    private ApiResponse GetComment(HttpContext context, FakeRepository repo)
    {
        var id = RouteLong(context, "id");
        lock (repo.Gate)
        {
            var comment = repo.CommentsUnlocked.FirstOrDefault(c => c.Id == id);
            return comment is null
                ? ApiResponse.NotFound(Docs.GetComment)
                : ApiResponse.Json(200, Json.Comment(repo, comment, repo.IsPullRequest(comment.IssueNumber)));
        }
    }

    private ApiResponse CreateComment(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        lock (repo.Gate)
        {
            if (!repo.IssueExists(number))
            {
                return ApiResponse.NotFound(Docs.CreateComment);
            }
        }

        if (ParseBody(context, Docs.CreateComment, out var body) is { } bad)
        {
            return bad;
        }

        if (ValidateCommentBody(body, Docs.CreateComment) is { } invalid)
        {
            return invalid;
        }

        lock (repo.Gate)
        {
            var comment = repo.CreateCommentUnlocked(number, StringField(body, "body")!, WriterLogin, TruncateToSecond(Clock.GetUtcNow()));
            var response = ApiResponse.Json(201, Json.Comment(repo, comment, repo.IsPullRequest(number)));
            response.Headers["Location"] = $"{_apiBase}/repos/{repo.FullName}/issues/comments/{comment.Id}";
            return response;
        }
    }

    private ApiResponse UpdateComment(HttpContext context, FakeRepository repo)
    {
        var id = RouteLong(context, "id");
        if (ParseBody(context, Docs.UpdateComment, out var body) is { } bad)
        {
            return bad;
        }

        lock (repo.Gate)
        {
            var comment = repo.CommentsUnlocked.FirstOrDefault(c => c.Id == id);
            if (comment is null)
            {
                return ApiResponse.NotFound(Docs.UpdateComment);
            }

            if (ValidateCommentBody(body, Docs.UpdateComment) is { } invalid)
            {
                return invalid;
            }

            comment.Body = StringField(body, "body")!;
            comment.UpdatedAt = TruncateToSecond(Clock.GetUtcNow());
            return ApiResponse.Json(200, Json.Comment(repo, comment, repo.IsPullRequest(comment.IssueNumber)));
        }
    }

    private static ApiResponse? ValidateCommentBody(JsonObject body, string docs)
    {
        var text = StringField(body, "body");
        if (text is not { Length: > 0 })
        {
            return ApiResponse.ValidationFailed(docs, new ValidationError("IssueComment", "missing_field", "body"));
        }

        return text.Length > MaxCommentBody
            ? ApiResponse.ValidationFailed(
                docs,
                new ValidationError("IssueComment", "unprocessable", "data", $"Body is too long (maximum is {MaxCommentBody} characters)"))
            : null;
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static long RouteLong(HttpContext context, string name) =>
        long.Parse((string)context.Request.RouteValues[name]!, CultureInfo.InvariantCulture);

    private static ApiResponse? ParseBody(HttpContext context, string docs, out JsonObject body)
    {
        body = [];
        var text = context.Items[BodyKey] as string ?? string.Empty;
        try
        {
            if (JsonNode.Parse(text) is JsonObject parsed)
            {
                body = parsed;
                return null;
            }
        }
        catch (JsonException)
        {
            // Falls through to GitHub's 400.
        }

        return ApiResponse.ProblemsParsingJson(docs);
    }

    private static string? StringField(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>True: absent or a valid ISO 8601 time; false: present but not a time.</summary>
    private static bool DateField(JsonObject obj, string name, out DateTimeOffset? value)
    {
        value = null;
        if (obj[name] is null)
        {
            return true;
        }

        if (StringField(obj, name) is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static ApiResponse WithLink(ApiResponse response, string? link)
    {
        response.Link = link;
        return response;
    }

    /// <summary>
    /// GitHub's pagination: <c>per_page</c> (default 30, at most 100), <c>page</c> (from 1). More than one page gives a
    /// <c>Link</c> header in GitHub's order and format — <c>prev</c>, <c>next</c>, <c>last</c>, <c>first</c> as they
    /// apply, each an absolute URL keeping the request's other query parameters.
    /// </summary>
    private (List<T> Page, string? Link) Paginate<T>(HttpContext context, FakeRepository repo, List<T> all)
    {
        var query = context.Request.Query;
        var perPage = int.TryParse(query["per_page"].ToString(), CultureInfo.InvariantCulture, out var pp) && pp > 0 ? Math.Min(pp, 100) : 30;
        var page = int.TryParse(query["page"].ToString(), CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var items = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (last == 1 && page == 1)
        {
            return (items, null);
        }

        var path = context.Request.Path.Value!;
        if (LinksUseRepositoryId && path.StartsWith("/repos/", StringComparison.Ordinal))
        {
            var rest = path.Split('/', 5);
            path = $"/repositories/{repo.Id.ToString(CultureInfo.InvariantCulture)}/{(rest.Length > 4 ? rest[4] : string.Empty)}";
        }

        var parts = (context.Request.QueryString.Value ?? string.Empty).TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        string Url(int target)
        {
            var value = "page=" + target.ToString(CultureInfo.InvariantCulture);
            var replaced = parts.Select(part => IsPage(part) ? value : part).ToList();
            if (!parts.Exists(IsPage))
            {
                replaced.Add(value);
            }

            return $"{_apiBase}{path}?{string.Join('&', replaced)}";
        }

        var links = new List<string>();
        if (page > 1)
        {
            links.Add($"<{Url(page - 1)}>; rel=\"prev\"");
        }

        if (page < last)
        {
            links.Add($"<{Url(page + 1)}>; rel=\"next\"");
            links.Add($"<{Url(last)}>; rel=\"last\"");
        }

        if (page > 1)
        {
            links.Add($"<{Url(1)}>; rel=\"first\"");
        }

        return (items, links.Count == 0 ? null : string.Join(", ", links));

        static bool IsPage(string part) =>
            string.Equals(Uri.UnescapeDataString(part.Split('=', 2)[0]), "page", StringComparison.Ordinal);
    }
}
