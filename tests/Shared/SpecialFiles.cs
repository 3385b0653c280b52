using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace OdooGateAction.Testing;

/// <summary>Files that are not what a reader expects (a FIFO, a huge sparse file), and the check that messages about them are plain.</summary>
public static partial class SpecialFiles
{
    /// <summary>4 GiB: far beyond every limit, and never read to its end by a bounded reader.</summary>
    public const long Huge = 4L * 1024 * 1024 * 1024;

    /// <summary>A named pipe, made with the <c>mkfifo</c> command. Opening it for reading blocks until a writer comes.</summary>
    public static string Fifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A sparse file of <paramref name="length"/> zero bytes: instant, and no disk used.</summary>
    public static string Sparse(string path, long length = Huge)
    {
        using var stream = File.Create(path);
        stream.SetLength(length);
        return path;
    }

    /// <summary>
    /// Puts at <paramref name="path"/> something that is there but is no small regular file: <c>dangling</c> (a
    /// symlink to nothing), <c>loop</c> (two symlinks to each other), <c>dev-zero</c> (a symlink to
    /// <c>/dev/zero</c>), <c>fifo</c>, <c>too-large</c> (<see cref="Huge"/>, sparse) or <c>folder</c>.
    /// </summary>
    public static string Make(string path, string kind)
    {
        switch (kind)
        {
            case "dangling":
                File.CreateSymbolicLink(path, path + ".gone");
                break;
            case "loop":
                File.CreateSymbolicLink(path, path + ".loop");
                File.CreateSymbolicLink(path + ".loop", path);
                break;
            case "dev-zero":
                File.CreateSymbolicLink(path, "/dev/zero");
                break;
            case "fifo":
                Fifo(path);
                break;
            case "too-large":
                Sparse(path);
                break;
            case "folder":
                Directory.CreateDirectory(path);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "dangling, loop, dev-zero, fifo, too-large or folder");
        }

        return path;
    }

    /// <summary>
    /// What users read has no .NET resource key (<c>IO_FileNotFound_FileName</c>; <c>GITHUB_TOKEN</c> is fine), no
    /// exception type, no position suffix (<c>LineNumber: 0</c>), no .NET type name and no stack trace.
    /// </summary>
    public static void AssertPlain(string text)
    {
        Assert.DoesNotMatch(ResourceKey(), text);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]*_[A-Za-z]*[a-z][A-Za-z_]*\b")]
    private static partial Regex ResourceKey();
}
