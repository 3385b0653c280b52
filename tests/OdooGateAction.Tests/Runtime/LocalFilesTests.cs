using System.Diagnostics;
using OdooGateAction.Runtime;
using OdooGateAction.Testing;

namespace OdooGateAction.Tests.Runtime;

/// <summary>
/// The one way local files are read and written: regular files only (links followed for reads, refused for writes),
/// bounded, and refused in plain words before anything blocks or fills memory.
/// </summary>
public sealed class LocalFilesTests : IDisposable
{
    private const string What = "the test file";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadText_RegularFileWithByteOrderMark_TextWithoutIt()
    {
        var path = _temp.File("a.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, (byte)'o', (byte)'k']);

        Assert.Equal("ok", LocalFiles.ReadText(path, What, 100));
    }

    [Fact]
    public void ReadText_DanglingSymlink_NamesTheLinkAndItsTarget()
    {
        var path = _temp.File("dangling.yaml");
        File.CreateSymbolicLink(path, _temp.File("gone.yaml"));

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(path, What, 100));

        Assert.Equal($"the test file '{path}' is a symbolic link to '{_temp.File("gone.yaml")}', which does not exist; fix or remove the link", ex.Message);
        Assert.Equal(LocalFileKind.DanglingLink, LocalFiles.KindOf(path, followLinks: true));
    }

    [Fact]
    public void ReadText_LoopingSymlinks_SaysTheyLoop()
    {
        var first = _temp.File("a.yaml");
        var second = _temp.File("b.yaml");
        File.CreateSymbolicLink(first, second);
        File.CreateSymbolicLink(second, first);

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(first, What, 100));

        Assert.Contains("is a symbolic link that loops and never reaches a file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadText_SymlinkToDevZero_RefusedAsADeviceAtOnce()
    {
        var path = _temp.File("zero.yaml");
        File.CreateSymbolicLink(path, "/dev/zero");
        var clock = Stopwatch.StartNew();

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(path, What, 1024 * 1024));

        Assert.Equal($"the test file '{path}' is a character device, not a regular file; only regular files are used", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ReadText_Fifo_RefusedWithoutOpeningIt()
    {
        var path = SpecialFiles.Fifo(_temp.File("pipe.yaml"));

        // Opening a FIFO for reading blocks until a writer comes: a refusal that opened it would never return.
        var ex = await Task.Run(() => Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(path, What, 100))).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Contains("is a named pipe (FIFO), not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBytes_FourGiBSparseFile_RefusedAfterReadingOnlyTheLimit()
    {
        var path = SpecialFiles.Sparse(_temp.File("huge.json"));

        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.ReadBytes(path, What, 1024 * 1024));

        Assert.Equal($"the test file '{path}' is larger than 1 MiB, the most it may hold", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ReadBytes_ExactlyTheLimit_Read() =>
        Assert.Equal(100, LocalFiles.ReadBytes(_temp.Write("a", new string('x', 100)), What, 100).Length);

    [Theory]
    [InlineData("folder", "is a folder, not a file")]
    [InlineData("missing", "does not exist")]
    public void ReadText_NotAFile_SaysWhatItIs(string name, string problem)
    {
        Directory.CreateDirectory(_temp.File("folder"));

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(_temp.File(name), What, 100));

        Assert.Equal(problem, ex.Problem);
    }

    [Fact]
    public void ReadText_NotUtf8_SaysSo()
    {
        var path = _temp.File("latin1.yaml");
        File.WriteAllBytes(path, [(byte)'a', 0xE9, (byte)'b']);

        Assert.Equal("is not UTF-8 text", Assert.Throws<LocalFileException>(() => LocalFiles.ReadText(path, What, 100)).Problem);
    }

    [Fact]
    public void ReadTail_LongerFile_LastBytesAndCut()
    {
        var path = _temp.Write("log", "0123456789");

        Assert.Equal(("789", true), (System.Text.Encoding.ASCII.GetString(LocalFiles.ReadTail(path, What, 3).Bytes), LocalFiles.ReadTail(path, What, 3).Cut));
        Assert.Equal((10, false), (LocalFiles.ReadTail(path, What, 100).Bytes.Length, LocalFiles.ReadTail(path, What, 100).Cut));
        Assert.Empty(LocalFiles.ReadTail(_temp.File("none"), What, 3).Bytes);
    }

    [Fact]
    public void Replace_NewPathInNewFolders_WrittenWithNoTemporaryFileLeft()
    {
        var path = _temp.File(Path.Combine("a", "b", "report.json"));

        LocalFiles.Replace(path, What, "{}\n");
        LocalFiles.Replace(path, What, "{ \"again\": true }\n");

        Assert.Equal("{ \"again\": true }\n", File.ReadAllText(path));
        Assert.Equal(["report.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Replace_Symlink_RefusedAndWhatItPointsToUntouched()
    {
        var victim = _temp.Write("victim.txt", "keep me");
        var link = _temp.File("report.json");
        File.CreateSymbolicLink(link, victim);

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.Replace(link, What, "overwritten"));

        Assert.StartsWith("is a symbolic link; only a regular file or a new path is written", ex.Problem, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(victim));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Theory]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    [InlineData("folder", "is a folder, not a file")]
    public void ReplaceAndAppend_DeviceOrFolder_Refused(string target, string problem)
    {
        var path = target.StartsWith('/') ? target : Directory.CreateDirectory(_temp.File(target)).FullName;

        Assert.StartsWith(problem, Assert.Throws<LocalFileException>(() => LocalFiles.Replace(path, What, "x")).Problem, StringComparison.Ordinal);
        Assert.StartsWith(problem, Assert.Throws<LocalFileException>(() => LocalFiles.Append(path, What, "x")).Problem, StringComparison.Ordinal);
        Assert.StartsWith(problem, Assert.Throws<LocalFileException>(() => LocalFiles.CheckWritable(path, What)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckWritable_FolderIsAFile_SaysTheFolderCannotBeCreatedAndLeavesNothing()
    {
        var file = _temp.Write("not-a-folder", "x");

        var ex = Assert.Throws<LocalFileException>(() => LocalFiles.CheckWritable(Path.Combine(file, "audit.jsonl"), What));

        Assert.Equal($"cannot be written: its folder '{file}' cannot be created ('{file}' is a file, not a folder)", ex.Problem);
        Assert.DoesNotMatch(@"\b[A-Z][A-Za-z]*_[A-Za-z]*[a-z][A-Za-z_]*\b|Exception", ex.Message);
    }

    [Fact]
    public void CheckWritable_NewPath_CreatesTheFolderOnly()
    {
        var path = _temp.File(Path.Combine("logs", "audit.jsonl"));

        LocalFiles.CheckWritable(path, What);

        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!));
    }
}
