using System.Text;

namespace OdooGateAction.Runtime;

/// <summary>
/// Step outputs, appended to the file named by <c>GITHUB_OUTPUT</c> in the runner's heredoc form
/// (<c>name&lt;&lt;DELIMITER</c>, the value, <c>DELIMITER</c>), so values may span lines. Each entry has a fresh random
/// delimiter; a name or value that contains it is refused rather than written ambiguously. Without
/// <c>GITHUB_OUTPUT</c> (a local run) nothing is written and <see cref="Set"/> returns <see langword="false"/>.
/// </summary>
public sealed class GitHubOutputFile
{
    public const string VariableName = "GITHUB_OUTPUT";

    private readonly Func<string> _newDelimiter;

    /// <param name="newDelimiter">Makes each entry's delimiter; tests fix it. Default: <c>ghadelimiter_&lt;guid&gt;</c>.</param>
    public GitHubOutputFile(IActionEnvironment environment, Func<string>? newDelimiter = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        FilePath = environment.GetNonEmpty(VariableName);
        _newDelimiter = newDelimiter ?? NewDelimiter;
    }

    /// <summary>The output file, or <see langword="null"/> outside GitHub Actions.</summary>
    public string? FilePath { get; }

    public bool IsAvailable => FilePath is not null;

    public static string NewDelimiter() => $"ghadelimiter_{Guid.NewGuid():D}";

    /// <summary>Appends one output; <see langword="false"/> when there is no output file (nothing written).</summary>
    public bool Set(string name, string value) => SetAll([new(name, value)]);

    /// <summary>
    /// Appends several outputs in one write; every entry is checked before anything is written.
    /// <see langword="false"/> when there is no output file; a file that cannot be written is a
    /// <see cref="LocalFileException"/> naming <c>GITHUB_OUTPUT</c>.
    /// </summary>
    public bool SetAll(IEnumerable<KeyValuePair<string, string>> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            text.Append(FormatEntry(name, value, _newDelimiter()));
        }

        if (FilePath is null)
        {
            return false;
        }

        LocalFiles.Append(FilePath, $"the {VariableName} file", text.ToString());
        return true;
    }

    /// <summary>One entry: <c>name&lt;&lt;delimiter\nvalue\ndelimiter\n</c>.</summary>
    public static string FormatEntry(string name, string value, string delimiter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(delimiter);
        if (name.Contains(delimiter, StringComparison.Ordinal))
        {
            throw new ArgumentException($"output name '{name}' contains the delimiter \"{delimiter}\"", nameof(name));
        }

        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0 || name.Contains("<<", StringComparison.Ordinal))
        {
            throw new ArgumentException($"output name '{name}' may not contain a line break or '<<'", nameof(name));
        }

        if (value.Contains(delimiter, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the value of output '{name}' contains the delimiter \"{delimiter}\"", nameof(value));
        }

        return $"{name}<<{delimiter}\n{value}\n{delimiter}\n";
    }
}
