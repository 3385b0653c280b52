using System.Text.Json;

namespace OdooGateAction.GitHub;

/// <summary>Collected evidence as a snapshot's text (<c>evaluate --record</c>), replayable with <c>--snapshot</c>; the app writes the file.</summary>
public static class SnapshotWriter
{
    public static string Serialize(SnapshotDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, GitHubJsonContext.Default.SnapshotDocument) + "\n";
    }
}
