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

    /// <summary>Null when no answer came (connection failure, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    public string Method { get; }

    /// <summary>The request path (no host, never a token).</summary>
    public string Path { get; }

    /// <summary>A write refused for lack of permission (fork PRs get a read-only token).</summary>
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;
}
