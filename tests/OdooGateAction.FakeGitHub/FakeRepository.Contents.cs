using System.Security.Cryptography;
using System.Text;

// Git names blobs and commits by SHA-1: the fake's ids have the same shape, and nothing here is a security control.
#pragma warning disable CA5350

namespace OdooGateAction.FakeGitHub;

/// <summary>
/// The repository's files: commits (a full set of files each, addressed by a 40-hex SHA derived from the content)
/// and branches and tags pointing at them. What the contents API and <c>GET /commits/{ref}</c> answer from.
/// </summary>
public sealed partial class FakeRepository
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, byte[]>> _trees = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _branches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);

    /// <summary>The default branch (<c>repository.default_branch</c>), where a ref-less contents request reads.</summary>
    public string DefaultBranch { get; set; } = "main";

    /// <summary>
    /// Commits <paramref name="files"/> (path → text, paths with <c>/</c>) as the whole tree of a new commit on
    /// <paramref name="branch"/> and returns the commit's SHA. The same files on the same branch give the same SHA.
    /// </summary>
    public string CommitFiles(string branch, IReadOnlyDictionary<string, string> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(branch);
        ArgumentNullException.ThrowIfNull(files);
        return CommitBytes(branch, files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value), StringComparer.Ordinal));
    }

    /// <summary>As <see cref="CommitFiles"/>, with raw bytes (files that are not UTF-8, or very large).</summary>
    public string CommitBytes(string branch, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(branch);
        ArgumentNullException.ThrowIfNull(files);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.UTF8.GetBytes(FullName + "\n" + branch + "\n"));
        foreach (var (path, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(path + "\n"));
            hash.AppendData(SHA1.HashData(content));
        }

        var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
        lock (Gate)
        {
            _trees[sha] = new Dictionary<string, byte[]>(files, StringComparer.Ordinal);
            _branches[branch] = sha;
        }

        return sha;
    }

    /// <summary>Points tag <paramref name="tag"/> at an existing commit.</summary>
    public void Tag(string tag, string sha)
    {
        lock (Gate)
        {
            if (!_trees.ContainsKey(sha))
            {
                throw new ArgumentException($"no commit {sha} in {FullName}", nameof(sha));
            }

            _tags[tag] = sha;
        }
    }

    /// <summary>The commit a branch points at, or null.</summary>
    public string? BranchHead(string branch)
    {
        lock (Gate)
        {
            return _branches.GetValueOrDefault(branch);
        }
    }

    /// <summary>
    /// Resolves a ref as <c>GET /commits/{ref}</c> does: a known commit SHA, a branch or tag name, or the
    /// <c>heads/NAME</c>, <c>tags/NAME</c>, <c>refs/heads/NAME</c>, <c>refs/tags/NAME</c> forms; null when nothing matches.
    /// </summary>
    internal string? ResolveRefUnlocked(string reference)
    {
        if (_trees.ContainsKey(reference))
        {
            return _trees.Keys.First(k => string.Equals(k, reference, StringComparison.OrdinalIgnoreCase));
        }

        var name = reference.StartsWith("refs/", StringComparison.Ordinal) ? reference[5..] : reference;
        if (name.StartsWith("heads/", StringComparison.Ordinal) && _branches.TryGetValue(name[6..], out var head))
        {
            return head;
        }

        if (name.StartsWith("tags/", StringComparison.Ordinal) && _tags.TryGetValue(name[5..], out var tagged))
        {
            return tagged;
        }

        return reference.StartsWith("refs/", StringComparison.Ordinal) ? null
            : _branches.TryGetValue(reference, out var branch) ? branch
            : _tags.GetValueOrDefault(reference);
    }

    /// <summary>The files of a commit, or null.</summary>
    internal IReadOnlyDictionary<string, byte[]>? TreeUnlocked(string sha) => _trees.GetValueOrDefault(sha);
}
