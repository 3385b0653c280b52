using System.Text;
using System.Text.Json;

namespace OdooGateAction.Commands;

/// <summary>
/// Appends audit events (JSON Lines) to the <c>audit-log</c> file, skipping any whose <c>idempotency_key</c> the file
/// already holds: a re-run of the same attempt adds nothing twice.
/// </summary>
public static class AuditLogFile
{
    public static int Append(string path, IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var existing in File.ReadLines(path))
            {
                if (Key(existing) is { } key)
                {
                    known.Add(key);
                }
            }
        }

        var fresh = lines.Where(l => Key(l) is { } key && known.Add(key)).ToList();
        if (fresh.Count > 0)
        {
            File.AppendAllText(path, string.Join('\n', fresh) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        return fresh.Count;
    }

    private static string? Key(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("idempotency_key", out var key) ? key.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // not ours; leave it alone
        }
    }
}
