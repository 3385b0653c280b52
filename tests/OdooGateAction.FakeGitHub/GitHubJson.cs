using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OdooGateAction.FakeGitHub;

/// <summary>
/// Builds response bodies from GitHub's own example objects (Fixtures/*.json, embedded): each object starts as a
/// deep copy of the real example, its hosts are rewritten to this server, and the fields the test controls are
/// overwritten. So every response carries GitHub's real field set and key order.
/// </summary>
internal sealed class GitHubJson(string apiBase, Func<string> webBase)
{
    private static readonly Lazy<Templates> Shared = new(Templates.Load);

    internal static readonly JsonSerializerOptions WriteOptions = new()
    {
        // GitHub does not escape '<' or non-ASCII text; the comment markers (<!-- ... -->) stay readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Keys of the full pull request that the "simple" pull request (list endpoints) does not have.</summary>
    private static readonly string[] FullPullRequestOnly =
    [
        "merged", "mergeable", "rebaseable", "mergeable_state", "merged_by", "comments", "review_comments",
        "maintainer_can_modify", "commits", "additions", "deletions", "changed_files",
    ];

    private string Api => apiBase;

    private string Web => webBase();

    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonNode? Date(DateTimeOffset? value) => value is { } v ? Date(v) : null;

    /// <summary>GitHub's legacy global node id: base64 of <c>0{type length}:{Type}{id}</c> (e.g. <c>MDg6Q2hlY2tSdW40</c> = <c>08:CheckRun4</c>).</summary>
    public static string NodeId(string type, long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"0{type.Length}:{type}{id}")));

    /// <summary>A stable id for a name: the real id for the few well-known GitHub identities, otherwise a hash.</summary>
    public static long StableId(string name, long offset = 10_000_000)
    {
        // FNV-1a (64 bit): stable across runs and machines, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(name.ToUpperInvariant()))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return offset + (long)(hash % 89_000_000UL);
    }

    public static long UserId(string login) => login.ToUpperInvariant() switch
    {
        "GITHUB-ACTIONS[BOT]" => 41898282,
        "OCTOCAT" => 583231,
        _ => StableId(login),
    };

    public static long AppId(string slug) =>
        string.Equals(slug, "github-actions", StringComparison.OrdinalIgnoreCase) ? 15368 : StableId(slug, 100_000);

    public static bool IsBot(string login) => login.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase);

    public JsonObject User(string login)
    {
        var id = UserId(login);
        var bot = IsBot(login);
        var escaped = Uri.EscapeDataString(login);
        var user = Shared.Value.User.DeepClone().AsObject();
        Rewrite(user, s => s
            .Replace("https://api.github.com/users/octocat", $"{Api}/users/{escaped}", StringComparison.Ordinal));
        RewriteHosts(user);
        user["login"] = login;
        user["id"] = id;
        user["node_id"] = NodeId(bot ? "Bot" : "User", id);
        user["avatar_url"] = string.Create(CultureInfo.InvariantCulture, $"https://avatars.githubusercontent.com/{(bot ? "in" : "u")}/{id}?v=4");
        user["url"] = $"{Api}/users/{escaped}";
        user["html_url"] = bot ? $"{Web}/apps/{login[..^"[bot]".Length]}" : $"{Web}/{login}";
        user["type"] = bot ? "Bot" : "User";
        user["site_admin"] = false;
        return user;
    }

    /// <summary>
    /// <c>GET /user</c>: the user object with the profile fields GitHub's <c>public-user</c> schema requires (a token that
    /// may read <c>/user</c> belongs to a user; GITHUB_TOKEN gets a 403).
    /// </summary>
    public JsonObject AuthenticatedUser(string login)
    {
        var user = User(login);
        user["name"] = null;
        user["company"] = null;
        user["blog"] = string.Empty;
        user["location"] = null;
        user["email"] = null;
        user["hireable"] = null;
        user["bio"] = null;
        user["public_repos"] = 0;
        user["public_gists"] = 0;
        user["followers"] = 0;
        user["following"] = 0;
        user["created_at"] = "2020-01-01T00:00:00Z";
        user["updated_at"] = "2020-01-01T00:00:00Z";
        return user;
    }

    public JsonObject App(string slug, long id)
    {
        var app = Shared.Value.CheckRun["app"]!.DeepClone().AsObject();
        RewriteHosts(app);
        var actions = string.Equals(slug, "github-actions", StringComparison.OrdinalIgnoreCase);
        app["id"] = id;
        app["slug"] = slug;
        app["node_id"] = NodeId("App", id);
        app["name"] = actions ? "GitHub Actions" : slug;
        app["description"] = actions ? "Automate your workflow from idea to production" : string.Empty;
        app["external_url"] = ExternalUrl(slug);
        app["html_url"] = $"{Web}/apps/{slug}";
        app["owner"] = AppOwner(actions ? "github" : slug);
        return app;
    }

    /// <summary>The organization owning an app (<c>github</c> for GitHub Actions), in the example's owner shape.</summary>
    private JsonObject AppOwner(string login)
    {
        var owner = Shared.Value.CheckRun["app"]!["owner"]!.DeepClone().AsObject();
        var escaped = Uri.EscapeDataString(login);
        Rewrite(owner, s => s
            .Replace("https://api.github.com/users/octocat", $"{Api}/users/{escaped}", StringComparison.Ordinal)
            .Replace("https://api.github.com/orgs/github", $"{Api}/orgs/{escaped}", StringComparison.Ordinal));
        RewriteHosts(owner);
        var id = login == "github" ? 9919 : StableId(login);
        owner["login"] = login;
        owner["id"] = id;
        owner["node_id"] = NodeId("Organization", id);
        owner["avatar_url"] = string.Create(CultureInfo.InvariantCulture, $"https://avatars.githubusercontent.com/u/{id}?v=4");
        owner["html_url"] = $"{Web}/{login}";
        owner["type"] = "Organization";
        owner["site_admin"] = false;
        return owner;
    }

    public JsonObject CheckRun(FakeRepository repo, CheckRun run, IEnumerable<PullRequest> pullRequests)
    {
        var json = Shared.Value.CheckRun.DeepClone().AsObject();
        RewriteHosts(json);
        var url = $"{Api}/repos/{repo.FullName}/check-runs/{run.Id}";
        json["id"] = run.Id;
        json["head_sha"] = run.HeadSha;
        json["node_id"] = NodeId("CheckRun", run.Id);
        json["external_id"] = run.ExternalId;
        json["url"] = url;
        var htmlUrl = run.HtmlUrl ?? $"{Web}/{repo.FullName}/runs/{run.Id}";
        json["html_url"] = htmlUrl;
        // GitHub Actions points details_url at the job page; other apps default to the app's homepage.
        json["details_url"] = run.DetailsUrl
            ?? (string.Equals(run.AppSlug, "github-actions", StringComparison.OrdinalIgnoreCase) ? htmlUrl : ExternalUrl(run.AppSlug));
        json["status"] = run.Status;
        json["conclusion"] = run.Conclusion;
        json["started_at"] = Date(run.StartedAt);
        json["completed_at"] = Date(run.CompletedAt);
        var output = json["output"]!.AsObject();
        output["title"] = run.OutputTitle;
        output["summary"] = run.OutputSummary;
        output["text"] = run.OutputText;
        output["annotations_count"] = run.AnnotationsCount;
        output["annotations_url"] = $"{url}/annotations";
        json["name"] = run.Name;
        json["check_suite"] = new JsonObject { ["id"] = run.CheckSuiteId };
        json["app"] = App(run.AppSlug, run.AppId);
        var prs = new JsonArray();
        foreach (var pr in pullRequests)
        {
            prs.Add(MinimalPullRequest(repo, pr));
        }

        json["pull_requests"] = prs;
        return json;
    }

    public JsonObject Status(FakeRepository repo, CommitStatus status)
    {
        var json = Shared.Value.Status.DeepClone().AsObject();
        RewriteHosts(json);
        var creator = User(status.Creator);
        json["url"] = $"{Api}/repos/{repo.FullName}/statuses/{status.Sha}";
        json["avatar_url"] = creator["avatar_url"]!.GetValue<string>();
        json["id"] = status.Id;
        json["node_id"] = NodeId("Status", status.Id);
        json["state"] = status.State;
        json["description"] = status.Description;
        json["target_url"] = status.TargetUrl;
        json["context"] = status.Context;
        json["created_at"] = Date(status.CreatedAt);
        json["updated_at"] = Date(status.UpdatedAt);
        json["creator"] = creator;
        return json;
    }

    public JsonObject Comment(FakeRepository repo, Comment comment, bool isPullRequest)
    {
        var json = Shared.Value.Comment.DeepClone().AsObject();
        RewriteHosts(json);
        json["id"] = comment.Id;
        json["node_id"] = NodeId("IssueComment", comment.Id);
        json["url"] = $"{Api}/repos/{repo.FullName}/issues/comments/{comment.Id}";
        json["html_url"] = $"{Web}/{repo.FullName}/{(isPullRequest ? "pull" : "issues")}/{comment.IssueNumber}#issuecomment-{comment.Id}";
        json["body"] = comment.Body;
        json["user"] = User(comment.Login);
        json["created_at"] = Date(comment.CreatedAt);
        json["updated_at"] = Date(comment.UpdatedAt);
        json["issue_url"] = $"{Api}/repos/{repo.FullName}/issues/{comment.IssueNumber}";
        json["author_association"] = comment.AuthorAssociation ?? (IsBot(comment.Login) ? "NONE" : "MEMBER");
        return json;
    }

    public JsonObject PullRequest(FakeRepository repo, PullRequest pr, int commentCount, bool simple)
    {
        var json = Shared.Value.PullRequest.DeepClone().AsObject();
        Rewrite(json, s => s.Replace("octocat/Hello-World", repo.FullName, StringComparison.Ordinal));
        RewriteHosts(json);
        var api = $"{Api}/repos/{repo.FullName}";
        var html = $"{Web}/{repo.FullName}/pull/{pr.Number}";
        json["url"] = $"{api}/pulls/{pr.Number}";
        json["id"] = pr.Id;
        json["node_id"] = NodeId("PullRequest", pr.Id);
        json["html_url"] = html;
        json["diff_url"] = $"{html}.diff";
        json["patch_url"] = $"{html}.patch";
        json["issue_url"] = $"{api}/issues/{pr.Number}";
        json["commits_url"] = $"{api}/pulls/{pr.Number}/commits";
        json["review_comments_url"] = $"{api}/pulls/{pr.Number}/comments";
        json["review_comment_url"] = $"{api}/pulls/comments{{/number}}";
        json["comments_url"] = $"{api}/issues/{pr.Number}/comments";
        json["statuses_url"] = $"{api}/statuses/{pr.HeadSha}";
        json["number"] = pr.Number;
        json["state"] = pr.State;
        json["locked"] = false;
        json["title"] = pr.Title;
        json["user"] = User(pr.Author);
        json["body"] = pr.Body;
        var labels = new JsonArray();
        foreach (var label in pr.Labels)
        {
            labels.Add(Label(repo, label));
        }

        json["labels"] = labels;
        json["milestone"] = null;
        json["active_lock_reason"] = null;
        json["created_at"] = Date(pr.CreatedAt);
        json["updated_at"] = Date(pr.UpdatedAt);
        json["closed_at"] = pr.State == "closed" ? Date(pr.UpdatedAt) : null;
        json["merged_at"] = pr.Merged ? Date(pr.UpdatedAt) : null;
        json["assignee"] = null;
        json["assignees"] = new JsonArray();
        json["requested_reviewers"] = new JsonArray();
        json["requested_teams"] = new JsonArray();
        var (headOwner, headName) = Split(pr.HeadRepositoryFullName ?? repo.FullName);
        var fork = pr.HeadRepositoryFullName is not null
            && !string.Equals(pr.HeadRepositoryFullName, repo.FullName, StringComparison.OrdinalIgnoreCase);
        json["head"] = Branch(headOwner, headName, fork ? StableId(headOwner + "/" + headName, 500_000_000) : repo.Id, fork, pr.HeadRef, pr.HeadSha);
        json["base"] = Branch(repo.Owner, repo.Name, repo.Id, false, pr.BaseRef, pr.BaseSha);
        json["_links"] = new JsonObject
        {
            ["self"] = Href($"{api}/pulls/{pr.Number}"),
            ["html"] = Href(html),
            ["issue"] = Href($"{api}/issues/{pr.Number}"),
            ["comments"] = Href($"{api}/issues/{pr.Number}/comments"),
            ["review_comments"] = Href($"{api}/pulls/{pr.Number}/comments"),
            ["review_comment"] = Href($"{api}/pulls/comments{{/number}}"),
            ["commits"] = Href($"{api}/pulls/{pr.Number}/commits"),
            ["statuses"] = Href($"{api}/statuses/{pr.HeadSha}"),
        };
        json["author_association"] = "MEMBER";
        json["auto_merge"] = null;
        json["draft"] = pr.Draft;
        json["merged"] = pr.Merged;
        json["merged_by"] = null;
        json["comments"] = commentCount;
        json["review_comments"] = 0;
        if (simple)
        {
            foreach (var key in FullPullRequestOnly)
            {
                json.Remove(key);
            }
        }

        return json;
    }

    /// <summary>A pull request review (<c>pulls/list-reviews</c>) from GitHub's <c>pull-request-review-items</c> example.</summary>
    public JsonObject Review(FakeRepository repo, Review review)
    {
        var json = Shared.Value.Review.DeepClone().AsObject();
        var html = $"{Web}/{repo.FullName}/pull/{review.PullNumber.ToString(CultureInfo.InvariantCulture)}#pullrequestreview-{review.Id.ToString(CultureInfo.InvariantCulture)}";
        var pull = $"{Api}/repos/{repo.FullName}/pulls/{review.PullNumber.ToString(CultureInfo.InvariantCulture)}";
        json["id"] = review.Id;
        json["node_id"] = NodeId("PullRequestReview", review.Id);
        json["user"] = User(review.Reviewer);
        json["body"] = review.Body;
        json["state"] = review.State;
        json["html_url"] = html;
        json["pull_request_url"] = pull;
        json["_links"] = new JsonObject { ["html"] = new JsonObject { ["href"] = html }, ["pull_request"] = new JsonObject { ["href"] = pull } };
        if (review.SubmittedAt is { } at)
        {
            json["submitted_at"] = Date(at);
        }
        else
        {
            json.Remove("submitted_at");
        }

        json["commit_id"] = review.CommitId;
        return json;
    }

    /// <summary>A check suite (<c>checks/list-suites-for-ref</c>) from GitHub's <c>check-suite</c> example.</summary>
    public JsonObject CheckSuite(FakeRepository repo, CheckSuite suite, int runCount, string? headBranch)
    {
        var json = Shared.Value.CheckSuite.DeepClone().AsObject();
        Rewrite(json, s => s.Replace("octocat/Hello-World", repo.FullName, StringComparison.Ordinal).Replace("github/hello-world", repo.FullName, StringComparison.Ordinal));
        RewriteHosts(json);
        var url = $"{Api}/repos/{repo.FullName}/check-suites/{suite.Id.ToString(CultureInfo.InvariantCulture)}";
        json["id"] = suite.Id;
        json["node_id"] = NodeId("CheckSuite", suite.Id);
        json["head_branch"] = headBranch;
        json["head_sha"] = suite.HeadSha;
        json["status"] = "completed";
        json["conclusion"] = "success";
        json["url"] = url;
        json["before"] = null;
        json["after"] = suite.HeadSha;
        json["created_at"] = Date(suite.CreatedAt);
        json["updated_at"] = Date(suite.CreatedAt);
        json["app"] = App(suite.AppSlug, AppId(suite.AppSlug));
        var repository = json["repository"]!.AsObject();
        repository.Remove("template_repository");
        repository["id"] = repo.Id;
        repository["node_id"] = NodeId("Repository", repo.Id);
        repository["name"] = repo.Name;
        repository["full_name"] = repo.FullName;
        repository["owner"] = User(repo.Owner);
        var commit = json["head_commit"]!.AsObject();
        commit["id"] = suite.HeadSha;
        commit["timestamp"] = Date(suite.CreatedAt);
        json["latest_check_runs_count"] = runCount;
        json["check_runs_url"] = url + "/check-runs";
        return json;
    }

    public static JsonObject RateLimit(int limit, int remaining, long reset)
    {
        var json = Shared.Value.RateLimit.DeepClone().AsObject();
        var core = new JsonObject { ["limit"] = limit, ["remaining"] = remaining, ["reset"] = reset, ["used"] = limit - remaining };
        json["resources"]!["core"] = core;
        json["rate"] = core.DeepClone();
        return json;
    }

    public static JsonObject Error(string message, string documentationUrl, int status) => new()
    {
        ["message"] = message,
        ["documentation_url"] = documentationUrl,
        ["status"] = status.ToString(CultureInfo.InvariantCulture),
    };

    private JsonObject Label(FakeRepository repo, string name)
    {
        var json = Shared.Value.PullRequest["labels"]![0]!.DeepClone().AsObject();
        var id = StableId(repo.FullName + "#" + name, 1_000_000_000);
        json["id"] = id;
        json["node_id"] = NodeId("Label", id);
        json["url"] = $"{Api}/repos/{repo.FullName}/labels/{Uri.EscapeDataString(name)}";
        json["name"] = name;
        // A string, not null: the simple pull request's schema (list endpoints) has a non-nullable label description.
        json["description"] = string.Empty;
        json["color"] = "ededed";
        json["default"] = false;
        return json;
    }

    private JsonObject Branch(string owner, string name, long repoId, bool fork, string gitRef, string sha)
    {
        var template = Shared.Value.PullRequest["base"]!.AsObject();
        var repo = template["repo"]!.DeepClone().AsObject();
        Rewrite(repo, s => s.Replace("octocat/Hello-World", owner + "/" + name, StringComparison.Ordinal));
        RewriteHosts(repo);
        repo["id"] = repoId;
        repo["node_id"] = NodeId("Repository", repoId);
        repo["name"] = name;
        repo["full_name"] = owner + "/" + name;
        repo["owner"] = User(owner);
        repo["private"] = false;
        repo["fork"] = fork;
        repo["default_branch"] = "main";
        return new JsonObject
        {
            ["label"] = owner + ":" + gitRef,
            ["ref"] = gitRef,
            ["sha"] = sha,
            ["user"] = User(owner),
            ["repo"] = repo,
        };
    }

    private JsonObject MinimalPullRequest(FakeRepository repo, PullRequest pr)
    {
        var json = Shared.Value.CheckRun["pull_requests"]![0]!.DeepClone().AsObject();
        var repoRef = new JsonObject { ["id"] = repo.Id, ["url"] = $"{Api}/repos/{repo.FullName}", ["name"] = repo.Name };
        json["url"] = $"{Api}/repos/{repo.FullName}/pulls/{pr.Number}";
        json["id"] = pr.Id;
        json["number"] = pr.Number;
        json["head"] = new JsonObject { ["ref"] = pr.HeadRef, ["sha"] = pr.HeadSha, ["repo"] = repoRef };
        json["base"] = new JsonObject { ["ref"] = pr.BaseRef, ["sha"] = pr.BaseSha, ["repo"] = repoRef.DeepClone() };
        return json;
    }

    private static JsonObject Href(string url) => new() { ["href"] = url };

    private static (string Owner, string Name) Split(string fullName)
    {
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (fullName, fullName) : (fullName[..slash], fullName[(slash + 1)..]);
    }

    private string ExternalUrl(string slug) =>
        string.Equals(slug, "github-actions", StringComparison.OrdinalIgnoreCase) ? "https://help.github.com/en/actions" : $"{Web}/apps/{slug}";

    /// <summary>Points every api.github.com / github.com URL in the example at this server's API and web bases.</summary>
    private void RewriteHosts(JsonNode node) => Rewrite(node, s =>
    {
        if (s.StartsWith("https://api.github.com", StringComparison.Ordinal))
        {
            return Api + s["https://api.github.com".Length..];
        }

        return s.StartsWith("https://github.com/", StringComparison.Ordinal) ? Web + s["https://github.com".Length..] : s;
    });

    private static void Rewrite(JsonNode node, Func<string, string> change)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is { } child)
                    {
                        if (child is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                        {
                            obj[key] = change(value.GetValue<string>());
                        }
                        else
                        {
                            Rewrite(child, change);
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = change(value.GetValue<string>());
                    }
                    else if (array[i] is { } child)
                    {
                        Rewrite(child, change);
                    }
                }

                break;
        }
    }

    private sealed record Templates(
        JsonObject CheckRun, JsonObject Status, JsonObject Comment, JsonObject User, JsonObject PullRequest, JsonObject RateLimit, JsonObject CheckSuite,
        JsonObject Review)
    {
        public static Templates Load()
        {
            var comment = Read("issues-get-comment.json").AsObject();
            return new Templates(
                Read("checks-get.json").AsObject(),
                Read("repos-list-commit-statuses-for-ref.json")[0]!.AsObject(),
                comment,
                comment["user"]!.AsObject(),
                Read("pulls-get.json").AsObject(),
                Read("rate-limit-get.json").AsObject(),
                Read("checks-get-suite.json").AsObject(),
                Read("pulls-list-reviews.json")[0]!.AsObject());
        }

        private static JsonNode Read(string name)
        {
            using var stream = typeof(GitHubJson).Assembly.GetManifestResourceStream("OdooGateAction.FakeGitHub.Fixtures." + name)
                ?? throw new InvalidOperationException($"embedded fixture {name} is missing");
            return JsonNode.Parse(stream) ?? throw new InvalidOperationException($"embedded fixture {name} is empty");
        }
    }
}
