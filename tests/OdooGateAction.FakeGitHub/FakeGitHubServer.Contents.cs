using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

// Git names blobs and commits by SHA-1: the fake's ids have the same shape, and nothing here is a security control.
#pragma warning disable CA5350

namespace OdooGateAction.FakeGitHub;

/// <summary>
/// <c>GET /repos/{o}/{r}/commits/{ref}</c> (with the <c>application/vnd.github.sha</c> media type: the SHA alone, as
/// text) and <c>GET /repos/{o}/{r}/contents/{path}?ref=</c> (a file as the <c>content-file</c> object with base64
/// content, or raw bytes with <c>application/vnd.github.raw+json</c>; a folder as the list of its entries).
/// </summary>
public sealed partial class FakeGitHubServer
{
    private const string GetCommitDocs = "https://docs.github.com/rest/commits/commits#get-a-commit";
    private const string GetContentDocs = "https://docs.github.com/rest/repos/contents#get-repository-content";

    private void MapContentRoutes(WebApplication app)
    {
        MapRepo(app, "GET", "/commits/{ref}", GetCommit);
        MapRepo(app, "GET", "/contents/{**path}", GetContent);
    }

    private ApiResponse GetCommit(HttpContext context, FakeRepository repo)
    {
        var reference = Uri.UnescapeDataString((string)context.Request.RouteValues["ref"]!);
        lock (repo.Gate)
        {
            if (repo.ResolveRefUnlocked(reference) is not { } sha)
            {
                return ApiResponse.Error(422, $"No commit found for SHA: {reference}", GetCommitDocs);
            }

            if (Accepts(context, "application/vnd.github.sha"))
            {
                return ApiResponse.Text(200, sha, "application/vnd.github.sha; charset=utf-8");
            }

            // The fields GitHub's commit schema requires; the fake keeps no authors or trees (the tree is named by the commit).
            var api = $"{_apiBase}/repos/{repo.FullName}";
            var git = new JsonObject { ["name"] = "The Octocat", ["email"] = "octocat@users.noreply.github.com", ["date"] = "2020-01-01T00:00:00Z" };
            return ApiResponse.Json(200, new JsonObject
            {
                ["url"] = $"{api}/commits/{sha}",
                ["sha"] = sha,
                ["node_id"] = GitHubJson.NodeId("Commit", long.Parse(sha[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
                ["html_url"] = $"https://github.com/{repo.FullName}/commit/{sha}",
                ["comments_url"] = $"{api}/commits/{sha}/comments",
                ["commit"] = new JsonObject
                {
                    ["url"] = $"{api}/git/commits/{sha}",
                    ["author"] = git,
                    ["committer"] = git.DeepClone(),
                    ["message"] = "fake commit",
                    ["comment_count"] = 0,
                    ["tree"] = new JsonObject { ["sha"] = sha, ["url"] = $"{api}/git/trees/{sha}" },
                },
                ["author"] = null,
                ["committer"] = null,
                ["parents"] = new JsonArray(),
            });
        }
    }

    private ApiResponse GetContent(HttpContext context, FakeRepository repo)
    {
        var path = Uri.UnescapeDataString(((string?)context.Request.RouteValues["path"] ?? string.Empty).Trim('/'));
        var reference = context.Request.Query["ref"].ToString();
        lock (repo.Gate)
        {
            var sha = repo.ResolveRefUnlocked(reference.Length > 0 ? reference : repo.DefaultBranch);
            if (sha is null)
            {
                return ApiResponse.Error(404, $"No commit found for the ref {reference}", GetContentDocs);
            }

            var tree = repo.TreeUnlocked(sha)!;
            if (tree.TryGetValue(path, out var content))
            {
                if (Accepts(context, "application/vnd.github.raw"))
                {
                    return new ApiResponse { Status = 200, Body = content, ContentType = "application/vnd.github.raw; charset=utf-8" };
                }

                var file = Entry(repo, path, "file", content);
                file["encoding"] = "base64";
                file["content"] = Base64Lines(content);
                return ApiResponse.Json(200, file);
            }

            var prefix = path.Length == 0 ? string.Empty : path + "/";
            var children = tree.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (children.Count == 0)
            {
                return ApiResponse.NotFound(GetContentDocs);
            }

            var entries = new JsonArray();
            foreach (var name in children.Select(k => k[prefix.Length..].Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var child = prefix + name;
                entries.Add(tree.TryGetValue(child, out var bytes) ? Entry(repo, child, "file", bytes) : Entry(repo, child, "dir", null));
            }

            return ApiResponse.Json(200, entries);
        }
    }

    private JsonObject Entry(FakeRepository repo, string path, string type, byte[]? content)
    {
        var blob = content is null ? new string('0', 40) : Convert.ToHexStringLower(SHA1.HashData(content));
        var url = $"{_apiBase}/repos/{repo.FullName}/contents/{path}";
        return new JsonObject
        {
            ["type"] = type,
            ["size"] = content?.Length ?? 0,
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["sha"] = blob,
            ["url"] = url,
            ["git_url"] = $"{_apiBase}/repos/{repo.FullName}/git/{(type == "dir" ? "trees" : "blobs")}/{blob}",
            ["html_url"] = $"https://github.com/{repo.FullName}/{(type == "dir" ? "tree" : "blob")}/{repo.DefaultBranch}/{path}",
            ["download_url"] = type == "dir" ? null : $"https://raw.githubusercontent.com/{repo.FullName}/{repo.DefaultBranch}/{path}",
            ["_links"] = new JsonObject { ["self"] = url, ["git"] = $"{_apiBase}/repos/{repo.FullName}/git/blobs/{blob}", ["html"] = $"https://github.com/{repo.FullName}/blob/{repo.DefaultBranch}/{path}" },
        };
    }

    /// <summary>Base64 in lines of 60 characters, each ending with <c>\n</c>, as GitHub sends file content.</summary>
    private static string Base64Lines(byte[] content)
    {
        var text = Convert.ToBase64String(content);
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i += 60)
        {
            builder.Append(text, i, Math.Min(60, text.Length - i)).Append('\n');
        }

        return builder.ToString();
    }

    private static bool Accepts(HttpContext context, string mediaType) =>
        context.Request.Headers.Accept.ToString().Split(',').Any(a => a.Trim().StartsWith(mediaType, StringComparison.OrdinalIgnoreCase));
}
