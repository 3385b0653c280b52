using System.Diagnostics;
using OdooGateAction.Commands;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Testing;
using OdooGateAction.Tests.Runtime;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests;

/// <summary>
/// A configuration folder on disk (<c>validate</c>, <c>evaluate</c>, <c>config-source: workspace</c>): a file that is
/// there but cannot be read is an error on that file, with the other files still checked; never a crash, a hang or
/// a whole file in the log.
/// </summary>
public sealed class ConfigFolderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadFolder_FolderMissing_ReportsFolderAndTheFilesItHolds()
    {
        var folder = _temp.File("no-such-folder");

        var result = DirectoryPolicySource.LoadFolder(folder);

        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((folder, 0, 0), (error.File, error.Line, error.Column));
        Assert.Contains("configuration folder not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("gates.yaml, ci_gate_mapping.yaml, environments.yaml, personas.yaml, overrides.yaml", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "dangling", "the file is a symbolic link to '" },
        { "loop", "the file is a symbolic link that loops and never reaches a file; fix or remove the link" },
        { "dev-zero", "the file is a character device, not a regular file; only regular files are used" },
        { "fifo", "the file is a named pipe (FIFO), not a regular file; only regular files are used" },
        { "too-large", "the file is larger than 1 MiB, the most it may hold" },
        { "folder", "the file is a folder, not a file" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void LoadFolder_PersonasFileCannotBeRead_OneErrorOnThatFileAtOnce(string kind, string message)
    {
        var folder = CopyGates();
        var personas = System.IO.Path.Combine(folder, "personas.yaml");
        File.Delete(personas);
        SpecialFiles.Make(personas, kind);
        var clock = Stopwatch.StartNew();

        var result = DirectoryPolicySource.LoadFolder(folder);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Errors, e => e.File == personas);
        Assert.Equal((0, 0), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("file not found", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFolder_200KBValue_QuotedByItsFirst80Characters()
    {
        var folder = CopyGates();
        var value = "x" + new string('y', 200_000);
        File.WriteAllText(System.IO.Path.Combine(folder, "overrides.yaml"), $"version: 1\non_unauthorized: {value}\n");

        var error = Assert.Single(DirectoryPolicySource.LoadFolder(folder).Errors);

        Assert.Contains($"got 'x{new string('y', 79)}…'", error.Message, StringComparison.Ordinal);
        Assert.True(error.ToString().Length < 400, $"{error.ToString().Length} characters");
    }

    [Fact]
    public void LoadFolder_ConfigurationFileSymlinkedToPasswd_QuotesAtMostAShortExcerpt()
    {
        var folder = CopyGates();
        var gates = System.IO.Path.Combine(folder, "gates.yaml");
        File.Delete(gates);
        File.CreateSymbolicLink(gates, "/etc/passwd");

        var errors = DirectoryPolicySource.LoadFolder(folder).Errors.Where(e => e.File == gates).ToList();

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.Message.Length < 300, e.Message));
        Assert.DoesNotContain(errors, e => e.Message.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void LoadFolder_NulCharacter_LocatedAtItsLineAndColumn()
    {
        var folder = CopyGates();
        File.WriteAllText(System.IO.Path.Combine(folder, "overrides.yaml"), "version: 1\nlabel_prefix: gate\0override:\n");

        var error = Assert.Single(DirectoryPolicySource.LoadFolder(folder).Errors);

        Assert.Equal(($"{folder}/overrides.yaml", 2, 19), (error.File, error.Line, error.Column));
        Assert.Contains("NUL character", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ConfigFileSymlinkedToDevZero_ExitsTwoAtOnceNamingTheFile()
    {
        var folder = CopyGates();
        var mapping = System.IO.Path.Combine(folder, "ci_gate_mapping.yaml");
        File.Delete(mapping);
        File.CreateSymbolicLink(mapping, "/dev/zero");
        var clock = Stopwatch.StartNew();

        var (code, stdout, stderr) = await RunAsync("validate", "--config", folder);

        Assert.Equal((ExitCodes.BadInput, string.Empty), (code, stdout));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains($"{mapping}: error: the file is a character device, not a regular file", stderr, StringComparison.Ordinal);
        Assert.Contains("the configuration has 1 error", stderr, StringComparison.Ordinal);
        SpecialFiles.AssertPlain(stderr);
    }

    private string CopyGates()
    {
        var folder = Directory.CreateDirectory(_temp.File("gates-" + Guid.NewGuid().ToString("N")[..6])).FullName;
        foreach (var file in Directory.GetFiles(Path("gates"), "*.yaml"))
        {
            File.Copy(file, System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)));
        }

        return folder;
    }
}
