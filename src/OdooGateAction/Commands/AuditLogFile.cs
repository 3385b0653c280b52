using System.Text;
using System.Text.Json;
using OdooGateAction.Core;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// Appends audit events (JSON Lines) to the <c>audit-log</c> file, skipping any whose <c>idempotency_key</c> the file
/// already holds: a re-run of the same attempt adds nothing twice. Only the end of the file is read for that
/// (<see cref="InputLimits.AuditLogTailBytes"/>); a line that is not one of our events (not JSON, not UTF-8, no key) is
/// left alone. What is appended starts on a line of its own, even when the file does not end with a line break.
/// </summary>
public static class AuditLogFile
{
    public const string What = "the audit log";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks that the audit log can be written, before anything is decided or written to GitHub.</summary>
    public static void CheckWritable(string path) => LocalFiles.CheckWritable(path, What);

    public static int Append(string path, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var (tail, cut) = LocalFiles.ReadTail(path, What, InputLimits.Default.AuditLogTailBytes);
        var known = new HashSet<string>(StringComparer.Ordinal);
        var existing = tail.AsSpan();
        if (cut)
        {
            var firstBreak = existing.IndexOf((byte)'\n');
            existing = firstBreak < 0 ? [] : existing[(firstBreak + 1)..]; // the first line read may be the end of a longer one
        }

        foreach (var range in existing.Split((byte)'\n'))
        {
            if (Key(existing[range]) is { } key)
            {
                known.Add(key);
            }
        }

        var fresh = lines.Where(l => Key(Encoding.UTF8.GetBytes(l)) is { } key && known.Add(key)).ToList();
        if (fresh.Count > 0)
        {
            var newLine = tail.Length > 0 && tail[^1] != (byte)'\n' ? "\n" : string.Empty;
            LocalFiles.Append(path, What, newLine + string.Join('\n', fresh) + "\n");
        }

        return fresh.Count;
    }

    /// <summary>The <c>idempotency_key</c> of one line, or null when the line is not one of our events.</summary>
    private static string? Key(ReadOnlySpan<byte> line)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(line);
        }
        catch (DecoderFallbackException)
        {
            return null; // not UTF-8: not ours
        }

        if (text.Trim().Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("idempotency_key", out var key)
                && key.ValueKind == JsonValueKind.String
                    ? key.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null; // not ours; leave it alone
        }
    }
}
