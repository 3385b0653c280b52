using System.Runtime.InteropServices;
using System.Text;
using OdooGateAction.Core;

namespace OdooGateAction.Runtime;

/// <summary>What a path names, as <c>stat</c> sees it.</summary>
public enum LocalFileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    DanglingLink,
    LoopingLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

/// <summary>
/// A local file that cannot be read or written as asked. <see cref="Problem"/> is one plain phrase ("is a named pipe
/// (FIFO), not a regular file"); <see cref="Exception.Message"/> puts the file's description and path before it.
/// </summary>
public sealed class LocalFileException : IOException
{
    public LocalFileException(string what, string path, string problem, Exception? innerException = null)
        : base($"{what} '{path}' {problem}", innerException)
    {
        What = what;
        FilePath = path;
        Problem = problem;
    }

    public LocalFileException()
        : this("the file", string.Empty, "cannot be used")
    {
    }

    public LocalFileException(string message)
        : this("the file", string.Empty, message)
    {
    }

    public LocalFileException(string message, Exception innerException)
        : this("the file", string.Empty, message, innerException)
    {
    }

    /// <summary>How the file is described: "the event payload file (GITHUB_EVENT_PATH)".</summary>
    public string What { get; }

    public string FilePath { get; }

    /// <summary>What is wrong, as a phrase that follows the path.</summary>
    public string Problem { get; }
}

/// <summary>
/// Every local file the action reads or writes goes through here. Reads take regular files only, after following
/// symbolic links (a folder, device, FIFO or socket is refused before it is opened, so <c>/dev/zero</c> cannot fill
/// memory and a FIFO cannot block the run), and never more than a limit of <see cref="InputLimits"/>. Writes replace a
/// file through a temporary file and a rename (a run stopped midway leaves the old file or the new one, never half of
/// one), or append; either refuses a path that exists and is anything but a regular file (a symlink, a device, a folder).
/// Problems are <see cref="LocalFileException"/>s in plain words, never the system's resource texts.
/// </summary>
public static class LocalFiles
{

    /// <summary>What is written: UTF-8 without a byte order mark; a lone surrogate becomes U+FFFD rather than failing the write.</summary>
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What <paramref name="path"/> names; with <paramref name="followLinks"/>, what its links lead to.</summary>
    public static LocalFileKind KindOf(string path, bool followLinks)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return NativeStat.TryKind(path, followLinks, out var kind, out var errno) ? kind : ManagedKind(path, followLinks, errno);
    }

    /// <summary>
    /// The bytes of a regular file (symbolic links followed), at most <paramref name="maxBytes"/>; anything else is a
    /// <see cref="LocalFileException"/> naming <paramref name="what"/> and the path.
    /// </summary>
    public static byte[] ReadBytes(string path, string what, int maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        RequireReadable(path, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            var buffer = new byte[Math.Min(maxBytes + 1L, Math.Max(stream.Length + 1, 4096))];
            var read = 0;
            while (true)
            {
                if (read == buffer.Length)
                {
                    if (read > maxBytes)
                    {
                        throw TooLarge(path, what, maxBytes);
                    }

                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                }

                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return read > maxBytes ? throw TooLarge(path, what, maxBytes) : buffer[..read];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not LocalFileException)
        {
            throw new LocalFileException(what, path, "cannot be read: " + Reason(ex), ex);
        }
    }

    /// <summary>A regular file's text (see <see cref="ReadBytes"/>), strict UTF-8, a byte order mark dropped.</summary>
    public static string ReadText(string path, string what, int maxBytes)
    {
        return InputText.DecodeUtf8(ReadBytes(path, what, maxBytes))
            ?? throw new LocalFileException(what, path, "is not UTF-8 text");
    }

    /// <summary>
    /// The last <paramref name="maxBytes"/> bytes of a regular file (all of it when smaller), and whether the file is
    /// longer than that. A file that does not exist reads as empty.
    /// </summary>
    public static (byte[] Bytes, bool Cut) ReadTail(string path, string what, int maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (KindOf(path, followLinks: true) == LocalFileKind.Missing)
        {
            return ([], false);
        }

        RequireReadable(path, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            var start = Math.Max(0, stream.Length - maxBytes);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            return (buffer, start > 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not LocalFileException)
        {
            throw new LocalFileException(what, path, "cannot be read: " + Reason(ex), ex);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> (UTF-8) to a new temporary file beside <paramref name="path"/>, then renames it
    /// over the path: readers see the old file or the whole new one. The path must be new or a regular file.
    /// </summary>
    public static void Replace(string path, string what, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        RequireWritable(path, what);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Utf8NoBom.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new LocalFileException(what, path, "cannot be written: " + Reason(ex), ex);
        }
    }

    /// <summary>Appends <paramref name="text"/> (UTF-8) in one write; the path must be new or a regular file.</summary>
    public static void Append(string path, string what, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        RequireWritable(path, what);
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(Utf8NoBom.GetBytes(text));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not LocalFileException)
        {
            throw new LocalFileException(what, path, "cannot be written: " + Reason(ex), ex);
        }
    }

    /// <summary>
    /// Checks, before anything is decided or written elsewhere, that <paramref name="path"/> can be appended to or
    /// replaced: it is new or a regular file, its folder exists or can be created, and the folder takes a new file. The
    /// folder is created; nothing else is left behind.
    /// </summary>
    public static void CheckWritable(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        RequireWritable(path, what);
        var full = Path.GetFullPath(path);
        try
        {
            if (KindOf(full, followLinks: false) == LocalFileKind.Regular)
            {
                using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                }

                return;
            }

            var probe = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LocalFileException(what, path, "cannot be written: " + Reason(ex), ex);
        }
    }

    /// <summary>The phrase for a path that is not a regular file, or null for a regular file (or a missing one when <paramref name="missingIsFine"/>).</summary>
    public static string? KindProblem(LocalFileKind kind, string path, bool missingIsFine) => kind switch
    {
        LocalFileKind.Regular => null,
        LocalFileKind.Missing => missingIsFine ? null : "does not exist",
        LocalFileKind.Directory => "is a folder, not a file",
        LocalFileKind.SymbolicLink => "is a symbolic link; only a regular file or a new path is written (remove the link, or name the file it points to)",
        LocalFileKind.DanglingLink => $"is a symbolic link to '{LinkTarget(path)}', which does not exist; fix or remove the link",
        LocalFileKind.LoopingLink => "is a symbolic link that loops and never reaches a file; fix or remove the link",
        LocalFileKind.Fifo => "is a named pipe (FIFO), not a regular file; only regular files are used",
        LocalFileKind.CharacterDevice => "is a character device, not a regular file; only regular files are used",
        LocalFileKind.BlockDevice => "is a block device, not a regular file; only regular files are used",
        LocalFileKind.Socket => "is a socket, not a regular file; only regular files are used",
        _ => "is not a regular file",
    };

    /// <summary>The system's reason for a failed read or write, in plain words (never a resource key or a type name).</summary>
    public static string Reason(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException => "it does not exist",
        DirectoryNotFoundException => "its folder does not exist (or a part of its path is a file)",
        PathTooLongException => "the path is too long",
        IOException { HResult: 28 } => "no space left on the device",
        IOException { HResult: 30 } => "the file system is read-only",
        IOException { HResult: 20 } => "a part of its path is a file, not a folder",
        IOException { HResult: 21 } => "it is a folder",
        IOException { HResult: 40 } => "symbolic links loop on its path",
        IOException { HResult: 5 } => "an input/output error",
        _ => "the system refused it",
    };

    private static void RequireReadable(string path, string what)
    {
        if (KindProblem(KindOf(path, followLinks: true), path, missingIsFine: false) is { } problem)
        {
            throw new LocalFileException(what, path, problem);
        }
    }

    /// <summary>The path itself (not what a link points to) is new or a regular file, and its folder is created.</summary>
    private static void RequireWritable(string path, string what)
    {
        var kind = KindOf(path, followLinks: false);
        if (KindProblem(kind, path, missingIsFine: true) is { } problem)
        {
            throw new LocalFileException(what, path, kind is LocalFileKind.DanglingLink or LocalFileKind.LoopingLink
                ? KindProblem(LocalFileKind.SymbolicLink, path, missingIsFine: true)!
                : problem);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var blocking = FirstExisting(folder);
            var reason = blocking is not null && KindOf(blocking, followLinks: true) != LocalFileKind.Directory
                ? $"'{blocking}' is a file, not a folder"
                : Reason(ex);
            throw new LocalFileException(what, path, $"cannot be written: its folder '{folder}' cannot be created ({reason})", ex);
        }
    }

    /// <summary>The path itself or its nearest ancestor that exists.</summary>
    private static string? FirstExisting(string path)
    {
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (KindOf(current, followLinks: false) != LocalFileKind.Missing)
            {
                return current;
            }
        }

        return null;
    }

    private static LocalFileException TooLarge(string path, string what, int maxBytes) =>
        new(what, path, $"is larger than {InputLimits.Size(maxBytes)}, the most it may hold");

    private static string LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget ?? "?";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a temporary file left behind is harmless; the error that matters is reported
        }
    }

    /// <summary>Where <c>statx</c> is not there (not Linux): what .NET tells, without device or FIFO detection.</summary>
    private static LocalFileKind ManagedKind(string path, bool followLinks, int errno)
    {
        if (errno == NativeStat.LoopErrno)
        {
            return LocalFileKind.LoopingLink;
        }

        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return LocalFileKind.SymbolicLink;
            }

            try
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
            catch (IOException)
            {
                return LocalFileKind.LoopingLink;
            }

            if (!info.Exists)
            {
                return LocalFileKind.DanglingLink;
            }
        }

        return info switch
        {
            DirectoryInfo { Exists: true } => LocalFileKind.Directory,
            FileInfo { Exists: true } => LocalFileKind.Regular,
            _ => LocalFileKind.Missing,
        };
    }
}

/// <summary>
/// <c>statx(2)</c> through glibc: the one way to tell a FIFO or a device from a regular file without opening it (.NET
/// has no API for the file type). Its buffer has the same layout on every Linux architecture.
/// </summary>
internal static partial class NativeStat
{
    public const int LoopErrno = 40;
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;

    /// <summary>The type; false (with errno, 0 when statx is not there) when it could not be told.</summary>
    public static bool TryKind(string path, bool followLinks, out LocalFileKind kind, out int errno)
    {
        kind = LocalFileKind.Missing;
        errno = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        int result;
        StatxBuffer buffer;
        try
        {
            result = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, out buffer);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        if (result != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                case NoEntry or NotDirectory:
                    kind = followLinks && TryKind(path, followLinks: false, out var self, out _) && self == LocalFileKind.SymbolicLink
                        ? LocalFileKind.DanglingLink
                        : LocalFileKind.Missing;
                    return true;
                case LoopErrno:
                    kind = LocalFileKind.LoopingLink;
                    return true;
                default:
                    return false;
            }
        }

        kind = (buffer.Mode & 0xF000) switch
        {
            0x8000 => LocalFileKind.Regular,
            0x4000 => LocalFileKind.Directory,
            0xA000 => LocalFileKind.SymbolicLink,
            0x1000 => LocalFileKind.Fifo,
            0x2000 => LocalFileKind.CharacterDevice,
            0x6000 => LocalFileKind.BlockDevice,
            0xC000 => LocalFileKind.Socket,
            _ => LocalFileKind.Missing,
        };
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>struct statx</c>: 256 bytes; <c>stx_mode</c> at offset 28.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;
    }
}
