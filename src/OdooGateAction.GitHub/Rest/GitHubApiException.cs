using System.Net;
using OdooGateAction.Core;

namespace OdooGateAction.GitHub.Rest;

/// <summary>
/// GitHub answered with an error (after any retries), or could not be reached at all. The message and path are
/// redacted of every credential shape when the exception is made (<see cref="Redaction.RedactShapes"/>): they reach the
/// log, and may reach records; <see cref="GitHubRestClient"/> redacts its own token from them as well.
/// </summary>
public sealed class GitHubApiException : Exception
{
    public GitHubApiException(string message, HttpStatusCode? statusCode, string method, string path, Exception? innerException = null)
        : base(Redaction.RedactShapes(message), innerException)
    {
        StatusCode = statusCode;
        Method = method;
        Path = Redaction.RedactShapes(path);
    }

    public GitHubApiException()
        : this("GitHub request failed", null, "GET", "/")
    {
    }

    public GitHubApiException(string message)
        : this(message, null, "GET", "/")
    {
    }

    public GitHubApiException(string message, Exception innerException)
        : this(message, null, "GET", "/", innerException)
    {
    }

    /// <summary>
    /// GitHub answered, but not in the shape its API documents (a field missing or of another type): GitHub failing,
    /// not the user's bad input, so the run is undecidable (exit 3, fail closed) like any other GitHub failure.
    /// </summary>
    /// <param name="what">What the answer was for: "the check runs of commit X of o/r".</param>
    public static GitHubApiException Malformed(string what, IEnumerable<string> problems, string path)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var listed = problems.Take(20).ToList();
        return new GitHubApiException($"GitHub's answer for {what} is not what the API documents:\n  - {string.Join("\n  - ", listed)}", null, "GET", path);
    }

    /// <summary>Null when no answer came (connection failure, timeout), and for a malformed answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    public string Method { get; }

    /// <summary>The request path (no host, never a token).</summary>
    public string Path { get; }

    /// <summary>A write refused for lack of permission (fork PRs get a read-only token).</summary>
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;
}
