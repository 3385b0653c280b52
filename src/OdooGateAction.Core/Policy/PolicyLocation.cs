using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Policy;

/// <summary>
/// Checks the text that names where the policy lives before it goes into a URL: a git ref (<c>config-ref</c>, or a
/// base ref from the event) and a repository folder (<c>config</c>). Both are refused, never repaired, when they
/// could escape their place: control characters, white space, <c>..</c> segments, absolute paths.
/// </summary>
public static class PolicyLocation
{
    /// <summary>Longest ref accepted (git allows longer; no real branch is).</summary>
    public const int MaxRefLength = 255;

    /// <summary>Longest repository folder accepted.</summary>
    public const int MaxPathLength = 255;

    /// <summary>
    /// Why <paramref name="reference"/> is not a usable git ref (after git's check-ref-format rules that matter
    /// here), or null when it is.
    /// </summary>
    public static string? RefProblem(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length == 0)
        {
            return "it is empty";
        }

        if (reference.Length > MaxRefLength)
        {
            return $"it is longer than {MaxRefLength} characters";
        }

        if (GitHubNames.HasInvisible(reference))
        {
            return "it holds a control or invisible character";
        }

        foreach (var c in reference)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            {
                return "it holds a character git does not allow in a ref (white space, a control character, or one of ~ ^ : ? * [ \\)";
            }
        }

        if (reference.Contains("..", StringComparison.Ordinal) || reference.Contains("//", StringComparison.Ordinal)
            || reference.StartsWith('/') || reference.EndsWith('/') || reference.StartsWith('-') || reference.EndsWith(".lock", StringComparison.Ordinal)
            || reference.Contains("@{", StringComparison.Ordinal) || reference == "@")
        {
            return "it is not a valid git ref name (no '..', '//', '@{', leading '-' or '/', trailing '/' or '.lock')";
        }

        return null;
    }

    /// <summary>
    /// The form of a ref that <c>GET /repos/{o}/{r}/commits/{ref}</c> resolves unambiguously: <c>refs/heads/X</c> →
    /// <c>heads/X</c>, <c>refs/tags/X</c> → <c>tags/X</c>; anything else as given.
    /// </summary>
    public static string ApiRef(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.StartsWith("refs/heads/", StringComparison.Ordinal) || reference.StartsWith("refs/tags/", StringComparison.Ordinal)
            ? reference["refs/".Length..]
            : reference;
    }

    /// <summary>
    /// The normal form of a repository folder (<c>./ci/gates/</c> → <c>ci/gates</c>), or null with
    /// <paramref name="problem"/> saying why it is not one.
    /// </summary>
    public static string? NormalizeRepositoryPath(string path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        problem = null;
        if (path.Length > MaxPathLength)
        {
            problem = $"it is longer than {MaxPathLength} characters";
            return null;
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal))
        {
            problem = "it must be a folder relative to the repository root, written with '/'";
            return null;
        }

        if (GitHubNames.HasInvisible(path))
        {
            problem = "it holds a control or invisible character";
            return null;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            problem = "it may not leave the repository ('..')";
            return null;
        }

        if (segments.Count == 0)
        {
            problem = "it names no folder (the configuration cannot be the repository root)";
            return null;
        }

        return string.Join('/', segments);
    }
}
