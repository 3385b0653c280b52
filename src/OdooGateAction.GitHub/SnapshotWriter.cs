using System.Text.Json;

namespace OdooGateAction.GitHub;

/// <summary>Writes collected evidence as a snapshot file (<c>evaluate --record</c>), replayable with <c>--snapshot</c>.</summary>
public static class SnapshotWriter
{
    public static void Write(SnapshotDocument document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, GitHubJsonContext.Default.SnapshotDocument) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
