using System.Globalization;
using System.Text;
using OdooGateAction.Core.Rendering;

namespace OdooGateAction.Runtime;

/// <summary>
/// The job summary: Markdown appended to the file named by <c>GITHUB_STEP_SUMMARY</c>. GitHub refuses a step summary
/// of 1 MiB or more, so a longer text is cut at the last whole line that fits (an open code fence is closed) and ends
/// with a note that the full report is in the JSON report file. Without <c>GITHUB_STEP_SUMMARY</c> (a local run)
/// nothing is written and <see cref="Append"/> returns <see langword="false"/>.
/// </summary>
public sealed class StepSummary
{
    public const string VariableName = "GITHUB_STEP_SUMMARY";

    /// <summary>GitHub's limit for one step's summary, in UTF-8 bytes; what we write stays below it.</summary>
    public const int MaxBytes = 1024 * 1024;


    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public StepSummary(IActionEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        FilePath = environment.GetNonEmpty(VariableName);
    }

    /// <summary>The summary file, or <see langword="null"/> outside GitHub Actions.</summary>
    public string? FilePath { get; }

    public bool IsAvailable => FilePath is not null;

    /// <summary>
    /// Appends <paramref name="markdown"/>, cut to what still fits under <see cref="MaxBytes"/> with what this step
    /// already wrote. <see langword="false"/> when nothing was written (no summary file, or no room left).
    /// </summary>
    /// <param name="reportPath">The JSON report, named in the note when the text is cut.</param>
    public bool Append(string markdown, string? reportPath = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (FilePath is null)
        {
            return false;
        }

        var existing = LocalFiles.KindOf(FilePath, followLinks: false) == LocalFileKind.Regular ? new FileInfo(FilePath).Length : 0;
        var text = Truncate(markdown, (int)Math.Max(0, MaxBytes - existing), reportPath);
        if (text.Length == 0)
        {
            return false;
        }

        LocalFiles.Append(FilePath, $"the {VariableName} file", text);
        return true;
    }

    /// <summary>
    /// The text unchanged when its UTF-8 size is below <paramref name="limitBytes"/>; otherwise its longest prefix of
    /// whole lines that, with a closing fence if one is open and the truncation note, stays below the limit. Empty when
    /// not even the note fits.
    /// </summary>
    public static string Truncate(string markdown, int limitBytes, string? reportPath = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentOutOfRangeException.ThrowIfNegative(limitBytes);
        var size = MarkdownTruncation.ByteCount(markdown);
        return size < limitBytes ? markdown : MarkdownTruncation.ToBytes(markdown, Math.Max(0, limitBytes - 1), TruncationNote(size, reportPath));
    }

    private static string TruncationNote(int fullBytes, string? reportPath)
    {
        var where = string.IsNullOrWhiteSpace(reportPath) ? "the JSON report file" : $"the JSON report file `{reportPath}`";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"\n> **Summary truncated.** GitHub keeps at most 1 MiB per step summary and this one was {fullBytes:N0} bytes. The full report is in {where}.\n");
    }
}
