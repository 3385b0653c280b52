using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OdooGateAction.FakeGitHub;

/// <summary>The endpoints of the override path: issue events, check suites, team memberships, permissions, label removal.</summary>
public sealed partial class FakeGitHubServer
{
    private readonly Dictionary<string, string> _teamMembers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Makes <paramref name="login"/> a member of <c>org/slug</c> (state <c>active</c> or <c>pending</c>).</summary>
    public void AddTeamMember(string org, string slug, string login, string state = "active")
    {
        lock (_gate)
        {
            _teamMembers[$"{org}/{slug}/{login}"] = state;
        }
    }

    private void MapOverrideRoutes(WebApplication app)
    {
        MapRepo(app, "GET", "/issues/{number:int}/events", ListIssueEvents);
        MapRepo(app, "GET", "/commits/{ref}/check-suites", ListCheckSuites);
        MapRepo(app, "GET", "/pulls/{number:int}/reviews", ListReviews);
        MapRepo(app, "GET", "/collaborators/{user}/permission", GetPermission);
        MapRepo(app, "DELETE", "/issues/{number:int}/labels/{name}", RemoveLabel);
        app.MapGet("/orgs/{org}/teams/{slug}/memberships/{user}", context => WriteAsync(context, GetTeamMembership(context)));
    }

    private ApiResponse ListIssueEvents(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        lock (repo.Gate)
        {
            if (!repo.IssueExists(number))
            {
                return ApiResponse.NotFound("https://docs.github.com/rest/issues/events#list-issue-events");
            }

            var all = repo.IssueEventsUnlocked.Where(e => e.IssueNumber == number).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToList();
            var (page, link) = Paginate(context, repo, all);
            return WithLink(ApiResponse.Json(200, new JsonArray([.. page.Select(e => (JsonNode)IssueEventJson(repo, e))])), link);
        }
    }

    private JsonObject IssueEventJson(FakeRepository repo, IssueEvent e) => new()
    {
        ["id"] = e.Id,
        ["node_id"] = GitHubJson.NodeId("LabeledEvent", e.Id),
        ["url"] = $"{_apiBase}/repos/{repo.FullName}/issues/events/{e.Id.ToString(CultureInfo.InvariantCulture)}",
        ["actor"] = Json.User(e.Actor),
        ["event"] = e.Event,
        ["commit_id"] = null,
        ["commit_url"] = null,
        ["created_at"] = GitHubJson.Date(e.CreatedAt),
        ["label"] = new JsonObject { ["name"] = e.Label, ["color"] = "d73a4a" },
        ["performed_via_github_app"] = null,
    };

    private ApiResponse ListReviews(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        lock (repo.Gate)
        {
            if (!repo.PullExists(number))
            {
                return ApiResponse.NotFound("https://docs.github.com/rest/pulls/reviews#list-reviews-for-a-pull-request");
            }

            // GitHub lists reviews in the order they were created, oldest first.
            var all = repo.ReviewsUnlocked.Where(r => r.PullNumber == number).OrderBy(r => r.Id).ToList();
            var (page, link) = Paginate(context, repo, all);
            return WithLink(ApiResponse.Json(200, new JsonArray([.. page.Select(r => (JsonNode)Json.Review(repo, r))])), link);
        }
    }

    private ApiResponse ListCheckSuites(HttpContext context, FakeRepository repo)
    {
        var sha = (string)context.Request.RouteValues["ref"]!;
        lock (repo.Gate)
        {
            var all = repo.CheckSuitesUnlocked.Where(s => string.Equals(s.HeadSha, sha, StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Id).ToList();
            var (page, link) = Paginate(context, repo, all);
            var body = new JsonObject
            {
                ["total_count"] = all.Count,
                ["check_suites"] = new JsonArray([.. page.Select(s => (JsonNode)Json.CheckSuite(
                    repo,
                    s,
                    repo.CheckRunsUnlocked.Count(r => r.CheckSuiteId == s.Id),
                    repo.PullsWithHead(s.HeadSha).Select(p => p.HeadRef).FirstOrDefault()))]),
            };
            return WithLink(ApiResponse.Json(200, body), link);
        }
    }

    private ApiResponse GetPermission(HttpContext context, FakeRepository repo)
    {
        var user = (string)context.Request.RouteValues["user"]!;
        lock (repo.Gate)
        {
            var (permission, roleName) = repo.PermissionUnlocked(user);
            // The user is a collaborator object: GitHub's schema gives it the role too (the documented example lacks it).
            var collaborator = Json.User(user);
            collaborator["role_name"] = roleName;
            return ApiResponse.Json(200, new JsonObject { ["permission"] = permission, ["role_name"] = roleName, ["user"] = collaborator });
        }
    }

    private ApiResponse RemoveLabel(HttpContext context, FakeRepository repo)
    {
        var number = (int)RouteLong(context, "number");
        var name = Uri.UnescapeDataString((string)context.Request.RouteValues["name"]!);
        lock (repo.Gate)
        {
            var pr = repo.PullUnlocked(number);
            if (pr is null || !pr.Labels.Remove(name))
            {
                return ApiResponse.Error(404, "Label does not exist", "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue");
            }

            repo.RecordUnlabelUnlocked(number, name, WriterLogin, Clock.GetUtcNow());
            return ApiResponse.Json(200, new JsonArray([.. pr.Labels.Select(l => (JsonNode)new JsonObject { ["name"] = l, ["color"] = "d73a4a" })]));
        }
    }

    private ApiResponse GetTeamMembership(HttpContext context)
    {
        var values = context.Request.RouteValues;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (OrgToken is null || !authorization.EndsWith(" " + OrgToken, StringComparison.Ordinal))
        {
            return ApiResponse.NotAccessible("https://docs.github.com/rest/teams/members#get-team-membership-for-a-user");
        }

        lock (_gate)
        {
            return _teamMembers.TryGetValue($"{values["org"]}/{values["slug"]}/{values["user"]}", out var state)
                ? ApiResponse.Json(200, new JsonObject
                {
                    ["url"] = $"{_apiBase}/teams/1/memberships/{values["user"]}",
                    ["role"] = "member",
                    ["state"] = state,
                })
                : ApiResponse.NotFound("https://docs.github.com/rest/teams/members#get-team-membership-for-a-user");
        }
    }
}
