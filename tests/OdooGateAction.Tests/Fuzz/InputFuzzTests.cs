using Microsoft.Extensions.Time.Testing;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using OdooGateAction.Runtime;
using OdooGateAction.Testing;
using static OdooGateAction.Tests.CliHarness;

namespace OdooGateAction.Tests.Fuzz;

/// <summary>
/// Property-based tests over every reader of local input and every printing path: the configuration loader (through
/// <c>validate</c> and <c>evaluate</c>), the snapshot reader (<c>evaluate --snapshot</c>) and the event reader (the
/// action's start, in-process). Valid files are mutated at random (CsCheck generates the mutations, so a failure
/// prints the seed that reproduces it); whatever the input, the run must end with a contract exit code, say what is
/// wrong in plain words, and print no line that could start a workflow command. The number of cases is fixed
/// (<see cref="Cases"/> per reader), so the suite's time is bounded.
/// </summary>
public sealed partial class InputFuzzTests
{
    /// <summary>Cases per property: fixed, so the run is reproducible and its time bounded.</summary>
    public const int Cases = 400;

    /// <summary>A case that takes longer than this is hung (a blocking read), not slow.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>Text that parsers and printers trip on: controls, escapes, command prefixes, invisible characters, YAML and JSON syntax, huge numbers.</summary>
    private static readonly string[] Payloads =
    [
        "\0", "\r", "\n", "\r\n", "\t", "\u001b[31m", "\u001b]0;title\u0007", "\u0085", "\u2028", "\u2029",
        "::stop-commands::pwned", "\n::set-output name=decision::allow\n", "\n::add-mask::x\n", "%0A::error::x",
        "\u202e", "\u200b", "\ufeff", "\ud800", "🎉", "é", "ß",
        "{", "}", "[", "]", ":", ": ", "- ", "-", "*", "?", "\"", "'", "&a ", "*a", "!!binary ", "!!python/object ", "|", ">", "#", "%", "@", ",", "`",
        "9999999999999999999999", "-1", "0", "1000000w", "1e308", "null", "true", "~", "NaN",
        "check_runs", "\"check_runs\": []", "\"id\": 1", "gates", "G1", "version: 2",
        new string('A', 5000), new string('\n', 200), new string('[', 300), new string('{', 300),
    ];

    /// <summary>Writes text as UTF-8, a lone surrogate as U+FFFD (what an editor would save).</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly Gen<(int Kind, double At, double Length, string Payload)> Mutation =
        Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Double[0, 0.2], Gen.Int[0, Payloads.Length - 1].Select(i => Payloads[i]));

    /// <summary>Applies mutations to a text: insert, delete a span, replace a span, or duplicate a line.</summary>
    private static string Mutate(string text, IEnumerable<(int Kind, double At, double Length, string Payload)> mutations)
    {
        var builder = new StringBuilder(text);
        foreach (var (kind, at, length, payload) in mutations)
        {
            var start = (int)(at * builder.Length);
            var count = Math.Min(builder.Length - start, (int)(length * builder.Length));
            switch (kind)
            {
                case 0:
                    builder.Insert(start, payload);
                    break;
                case 1:
                    builder.Remove(start, count);
                    break;
                case 2:
                    builder.Remove(start, count).Insert(start, payload);
                    break;
                default:
                    var current = builder.ToString();
                    var lineStart = current.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
                    var lineEnd = current.IndexOf('\n', start);
                    var line = current[lineStart..(lineEnd < 0 ? current.Length : lineEnd + 1)];
                    builder.Insert(lineStart, line);
                    break;
            }
        }

        return builder.ToString();
    }

    [Fact]
    public void Configuration_MutatedAnyWay_ValidateAndEvaluateEndPlainly()
    {
        var files = Directory.GetFiles(Path("gates"), "*.yaml").Select(f => (Name: System.IO.Path.GetFileName(f), Text: File.ReadAllText(f))).ToArray();
        var snapshot = Path("examples", "snapshots", "pr-1347-allowed-to-merge.json");
        Gen.Select(Gen.Int[0, files.Length - 1], Mutation.Array[1, 4]).Sample((file, mutations) =>
        {
            using var folder = new TempFolder();
            foreach (var (name, text) in files)
            {
                File.WriteAllText(System.IO.Path.Combine(folder.Path, name), name == files[file].Name ? Mutate(text, mutations) : text, Utf8);
            }

            var validate = Run("validate", "--config", folder.Path);
            AssertPlain(validate, [ExitCodes.Allowed, ExitCodes.BadInput], "validate");
            var evaluate = Run("evaluate", "--snapshot", snapshot, "--target", "merge", "--config", folder.Path, "--format", "text");
            AssertPlain(evaluate, [ExitCodes.Allowed, ExitCodes.Blocked, ExitCodes.BadInput], "evaluate");
            Assert.True((validate.ExitCode == ExitCodes.BadInput) == (evaluate.ExitCode == ExitCodes.BadInput), "validate and evaluate disagree on whether the configuration is valid");
        }, iter: Cases, threads: 1);
    }

    [Theory]
    [InlineData("pr-1347-allowed-to-merge.json", "merge")]
    [InlineData("rc-16.0.4-blocked-for-production.json", "production")]
    public void Snapshot_MutatedAnyWay_EvaluateEndsPlainlyInEveryFormat(string example, string target)
    {
        var text = File.ReadAllText(Path("examples", "snapshots", example));
        var formats = new[] { "text", "markdown", "json" };
        Gen.Select(Mutation.Array[1, 4], Gen.Int[0, 2]).Sample((mutations, format) =>
        {
            using var folder = new TempFolder();
            var path = System.IO.Path.Combine(folder.Path, "snapshot.json");
            File.WriteAllText(path, Mutate(text, mutations), Utf8);
            var result = Run("evaluate", "--snapshot", path, "--target", target, "--config", Path("gates"), "--format", formats[format]);
            AssertPlain(result, [ExitCodes.Allowed, ExitCodes.Blocked, ExitCodes.BadInput], "evaluate --snapshot");
        }, iter: Cases / 2, threads: 1);
    }

    [Theory]
    [InlineData("pull_request", "pull_request/opened.payload.json")]
    [InlineData("merge_group", "merge_group/checks_requested.payload.json")]
    [InlineData("deployment", "deployment/payload.json")]
    [InlineData("workflow_run", "workflow_run/completed.payload.json")]
    [InlineData("workflow_dispatch", "workflow_dispatch/payload.json")]
    public void Event_MutatedAnyWay_TheActionRefusesOrFailsClosedPlainly(string eventName, string fixture)
    {
        var text = File.ReadAllText(Path("Fixtures", "webhooks", fixture));
        Mutation.Array[1, 3].Sample(mutations =>
        {
            using var folder = new TempFolder();
            var eventPath = System.IO.Path.Combine(folder.Path, "event.json");
            File.WriteAllText(eventPath, Mutate(text, mutations), Utf8);
            File.WriteAllText(System.IO.Path.Combine(folder.Path, "output"), string.Empty);
            File.WriteAllText(System.IO.Path.Combine(folder.Path, "summary"), string.Empty);
            var environment = new DictionaryActionEnvironment(new Dictionary<string, string?>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_EVENT_NAME"] = eventName,
                ["GITHUB_EVENT_PATH"] = eventPath,
                ["GITHUB_SHA"] = "fedcba9876543210fedcba9876543210fedcba98",
                ["GITHUB_WORKSPACE"] = folder.Path,
                ["GITHUB_OUTPUT"] = System.IO.Path.Combine(folder.Path, "output"),
                ["GITHUB_STEP_SUMMARY"] = System.IO.Path.Combine(folder.Path, "summary"),
                ["GITHUB_API_URL"] = "http://127.0.0.1:9", // the discard port: nothing answers, the run fails closed at once
                ["ODOO_GATES_MAX_RETRIES"] = "0",
                ["INPUT_GITHUB-TOKEN"] = "ghs_fuzztoken0123456789",
                ["INPUT_CONFIG-SOURCE"] = "workspace",
                ["INPUT_CONFIG"] = Path("gates"),
                ["INPUT_TARGET"] = eventName == "deployment" ? "production" : string.Empty,
            });
            var result = Run(environment);
            AssertPlain(result, [ExitCodes.BadInput, ExitCodes.Undecidable], $"the action on a mutated {eventName} event", actionMode: true);
            Assert.DoesNotContain("ghs_fuzztoken0123456789", result.Out.Split('\n').Skip(1).Aggregate(string.Empty, string.Concat) + result.Error, StringComparison.Ordinal);
        }, iter: Cases / 4, threads: 1);
    }

    private static (int ExitCode, string Out, string Error) Run(params string[] args) => Run(null, args);

    private static (int ExitCode, string Out, string Error) Run(IActionEnvironment? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var services = new ServiceCollection()
            .AddOdooGateAction(new OutputSink(stdout, stderr), new FakeTimeProvider(Now), environment)
            .BuildServiceProvider();
        var run = services.GetRequiredService<CliApplication>().RunAsync(args, CancellationToken.None);
        Assert.True(run.Wait(HangLimit), $"the run did not end within {HangLimit.TotalSeconds:0}s (a blocking read?)");
        return (run.Result, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The contract's exit codes; no stack trace, exception type or .NET resource key; no control character but tab
    /// and line feed; no line that starts a workflow command unless the action meant it (action mode); bounded size.
    /// </summary>
    private static void AssertPlain((int ExitCode, string Out, string Error) result, int[] allowed, string what, bool actionMode = false)
    {
        var all = result.Out + result.Error;
        Assert.True(allowed.Contains(result.ExitCode), $"{what}: exit code {result.ExitCode}, expected one of {string.Join(", ", allowed)}\n{Excerpt(all)}");
        Assert.True(all.Length < 4 * 1024 * 1024, $"{what}: {all.Length} characters of output");
        Assert.False(Internals().IsMatch(all), $"{what}: .NET internals in the output: {Internals().Match(all).Value}\n{Excerpt(all)}");
        var control = all.FirstOrDefault(c => char.IsControl(c) && c is not ('\n' or '\t'));
        Assert.True(control == default(char), $"{what}: control character U+{(int)control:X4} in the output\n{Excerpt(all)}");
        Assert.DoesNotContain('\u2028', all);
        Assert.DoesNotContain('\u2029', all);
        foreach (var line in all.Split('\n'))
        {
            if (line.StartsWith("::", StringComparison.Ordinal))
            {
                Assert.True(actionMode && IntendedCommand().IsMatch(line), $"{what}: a line starts a workflow command the action did not mean: {Excerpt(line)}");
            }
        }
    }

    private static string Excerpt(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>Stack frames, exception type names, and resource keys such as <c>IO_FileNotFound_FileName</c>.</summary>
    [GeneratedRegex(@"^\s+at \S+\(|\b[A-Z][A-Za-z]*Exception\b|\b(?=[A-Za-z_]*[a-z])[A-Z][A-Za-z]*(?:_[A-Z][A-Za-z]*)+\b|LineNumber: \d|BytePositionInLine", RegexOptions.Multiline)]
    private static partial Regex Internals();

    /// <summary>The commands the action writes: masks, annotations, groups.</summary>
    [GeneratedRegex(@"^::(add-mask::|error[ :]|warning[ :]|notice[ :]|group::|endgroup::|debug::)")]
    private static partial Regex IntendedCommand();

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("odoo-gates-fuzz-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp folder is harmless
            }
        }
    }
}
