using OdooGateAction.Core;
using OdooGateAction.GitHub;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// Snapshot files on disk: <c>--snapshot FILE</c> is read as a regular file of at most
/// <see cref="InputLimits.SnapshotBytes"/>; <c>--record FILE</c> is written through a temporary file and a rename, and
/// only to a new path or over a regular file (never through a symlink, into a device, or over a folder).
/// </summary>
public static class SnapshotFile
{
    private const string What = "the snapshot file";

    public static SnapshotContent Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = LocalFiles.ReadText(path, What, InputLimits.Default.SnapshotBytes);
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"{path}: snapshot file {ex.Problem}", ex);
        }

        return SnapshotReader.Parse(text, path);
    }

    /// <summary>Refuses, before anything is collected, a <c>--record</c> path that could not take the snapshot.</summary>
    public static void CheckTarget(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            LocalFiles.CheckWritable(path, What);
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"--record: '{path}' {ex.Problem}; --record writes a new file or replaces a regular one", ex);
        }
    }

    public static void Write(SnapshotDocument document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            LocalFiles.Replace(path, What, SnapshotWriter.Serialize(document));
        }
        catch (LocalFileException ex)
        {
            throw new InputException($"--record: '{path}' {ex.Problem}; --record writes a new file or replaces a regular one", ex);
        }
    }
}
