using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary>
/// Each folder under <c>Fixtures/malformed/</c> is a full copy of the valid <c>gates/</c> files with one
/// deliberate defect (<c>several-files</c>: one defect in each of four files). Every defect must fail the
/// load and be reported at the file, line and column where it was written, with a message that says why.
/// </summary>
public sealed class MalformedConfigTests
{
    private const string AllowedMappedCheckKeys = "allowed: check, status, review, app, evidence, min, required, skipped, neutral, exclude_author, invalidate_on_push";

    /// <summary>Case folder, file, line, column (0, 0: the whole file) and key words of the message.</summary>
    public static TheoryData<string, string, int, int, string[]> Defects => new()
    {
        // Unknown keys: the allowed keys are listed and the near miss is suggested.
        { "unknown-key", "ci_gate_mapping.yaml", 12, 7, ["unknown key 'chek'", "a check of gate 'G1'", "(did you mean 'check'?)", AllowedMappedCheckKeys] },
        { "unknown-root-key", "overrides.yaml", 6, 1, ["unknown key 'require_reasons' in overrides.yaml", "(did you mean 'require_reason'?)", "allowed: version, label_prefix, reason_command, require_reason, max_age, invalidate_on_push, on_unauthorized"] },

        // Duplicate keys: both duplicates of one file are reported, each pointing back at the first.
        { "duplicate-key", "gates.yaml", 10, 5, ["duplicate key 'name'", "first defined at line 6"] },
        { "duplicate-key", "gates.yaml", 24, 5, ["duplicate key 'owner'", "first defined at line 23"] },
        { "duplicate-list-item", "gates.yaml", 19, 42, ["'changelog' is listed twice", "'evidence' of gate 'G3'"] },

        // Wrong types.
        { "wrong-type-list", "environments.yaml", 6, 12, ["'gates' in target 'merge' must be a list", "got 'G1'", "write [G1] for a list of one"] },
        { "wrong-type-min", "ci_gate_mapping.yaml", 16, 12, ["'min' in 'check: test (*)' of gate 'G1'", "must be a whole number (at least 1)", "got 'two'"] },
        { "wrong-type-required", "ci_gate_mapping.yaml", 27, 17, ["'required' in 'status: codecov/project' of gate 'G2'", "must be true or false (unquoted)", "got 'yes'"] },
        { "bad-choice", "overrides.yaml", 9, 18, ["'on_unauthorized' in overrides.yaml must be one of comment, comment-and-remove-label", "got 'coment'", "(did you mean 'comment'?)"] },
        { "missing-required-field", "gates.yaml", 11, 5, ["gate 'G2' needs 'owner'"] },
        { "bad-gate-name", "gates.yaml", 20, 3, ["'4G' is not a valid gate name", "start with a letter"] },

        // Bad globs: the position within the pattern is named.
        { "bad-glob-escape", "ci_gate_mapping.yaml", 12, 14, ["pattern 'test \\x'", "'\\' at position 6 that escapes nothing", "allowed escapes: \\*, \\?, \\\\"] },
        { "bad-glob-double-star", "ci_gate_mapping.yaml", 14, 14, ["pattern 'test (**)'", "'**' at position 7"] },
        { "bad-glob-leading-space", "ci_gate_mapping.yaml", 29, 14, ["pattern ' changelog'", "starts or ends with white space"] },
        { "min-on-exact-name", "ci_gate_mapping.yaml", 16, 12, ["'min: 2' needs a glob pattern", "exact name 'test (16.0)' matches at most one result"] },
        { "check-and-status", "ci_gate_mapping.yaml", 12, 7, ["a check of gate 'G1' has both 'check' and 'status'", "give one"] },

        // Durations and time windows (a freeze window's problems are reported at the window).
        { "bad-duration", "overrides.yaml", 7, 10, ["'max_age'", "'3 days'", "allowed units: ms, s, m, h, d, w"] },
        { "bad-time-window-day", "environments.yaml", 14, 9, ["'from: Fry 16:00' is not a time", "weekly time 'Fri 16:00' (Mon..Sun, 24-hour UTC)"] },
        { "bad-time-window-equal", "environments.yaml", 14, 9, ["'from' and 'to' are the same weekly time"] },
        { "bad-time-window-order", "environments.yaml", 14, 9, ["'to: 2026-12-20' is not after 'from: 2026-12-24'"] },

        // Files and documents.
        { "unsupported-version", "gates.yaml", 3, 10, ["unsupported version '2'", "supported: 1"] },
        { "missing-file", "overrides.yaml", 0, 0, ["file not found", "gates.yaml, ci_gate_mapping.yaml, environments.yaml, personas.yaml, overrides.yaml"] },
        { "empty-file", "personas.yaml", 0, 0, ["file is empty", "'version: 1'"] },
        { "comment-only-file", "personas.yaml", 0, 0, ["file is empty", "'version: 1'"] },
        { "yaml-syntax-error", "gates.yaml", 8, 22, ["YAML syntax error", "invalid mapping"] },
        { "yaml-unclosed-flow-list", "environments.yaml", 8, 13, ["YAML syntax error", "not closed"] },
        { "second-document", "overrides.yaml", 10, 1, ["one YAML document", "remove the second '---' document"] },

        // Events and personas.
        { "unknown-event", "environments.yaml", 18, 3, ["unknown event 'pull_requests'", "(did you mean 'pull_request'?)", "supported: pull_request, pull_request_target, pull_request_review, merge_group, workflow_run, deployment, workflow_dispatch, push"] },
        { "bad-team-format", "personas.yaml", 23, 23, ["team 'acme-odoo-qa'", "persona 'qa_tester'", "must be written 'org/team-slug'"] },
    };

    /// <summary>Every case folder, the file that holds its defect, and how many errors it causes in all.</summary>
    public static TheoryData<string, string, int> ErrorCounts => new()
    {
        // 'chek' also leaves the item without 'check' or 'status': a second error at the same place.
        { "unknown-key", "ci_gate_mapping.yaml", 2 },
        { "unknown-root-key", "overrides.yaml", 1 },
        { "duplicate-key", "gates.yaml", 2 },
        { "duplicate-list-item", "gates.yaml", 1 },
        { "wrong-type-list", "environments.yaml", 1 },
        { "wrong-type-min", "ci_gate_mapping.yaml", 1 },
        { "wrong-type-required", "ci_gate_mapping.yaml", 1 },
        { "bad-choice", "overrides.yaml", 1 },
        { "missing-required-field", "gates.yaml", 1 },
        { "bad-gate-name", "gates.yaml", 1 },
        { "bad-glob-escape", "ci_gate_mapping.yaml", 1 },
        { "bad-glob-double-star", "ci_gate_mapping.yaml", 1 },
        { "bad-glob-leading-space", "ci_gate_mapping.yaml", 1 },
        { "min-on-exact-name", "ci_gate_mapping.yaml", 1 },
        { "check-and-status", "ci_gate_mapping.yaml", 1 },
        { "bad-duration", "overrides.yaml", 1 },
        { "bad-time-window-day", "environments.yaml", 1 },
        { "bad-time-window-equal", "environments.yaml", 1 },
        { "bad-time-window-order", "environments.yaml", 1 },
        { "unsupported-version", "gates.yaml", 1 },
        { "missing-file", "overrides.yaml", 1 },
        { "empty-file", "personas.yaml", 1 },
        { "comment-only-file", "personas.yaml", 1 },
        { "yaml-syntax-error", "gates.yaml", 1 },
        { "yaml-unclosed-flow-list", "environments.yaml", 1 },
        { "second-document", "overrides.yaml", 1 },
        { "unknown-event", "environments.yaml", 1 },
        { "bad-team-format", "personas.yaml", 1 },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Load_MalformedFolder_ReportsDefectAtFileLineColumn(string caseName, string file, int line, int column, string[] keyWords)
    {
        var folder = FixtureFolder(caseName);

        var result = ConfigFolder.Load(folder);

        Assert.False(result.Succeeded);
        Assert.Null(result.Configuration);
        var matches = result.Errors.Where(d => keyWords.All(k => d.Message.Contains(k, StringComparison.Ordinal))).ToList();
        Assert.True(matches.Count == 1, $"expected one error with [{string.Join(" | ", keyWords)}], got:\n{Describe(result)}");
        var error = matches[0];
        Assert.Equal(Path.Combine(folder, file), error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Theory]
    [MemberData(nameof(ErrorCounts))]
    public void Load_MalformedFolder_ReportsErrorsOnlyInDefectiveFile(string caseName, string file, int errorCount)
    {
        var folder = FixtureFolder(caseName);

        var result = ConfigFolder.Load(folder);

        Assert.Null(result.Configuration);
        Assert.True(result.Diagnostics.Count == errorCount, $"expected {errorCount} diagnostic(s), got:\n{Describe(result)}");
        Assert.All(result.Diagnostics, d =>
        {
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal(Path.Combine(folder, file), d.File);
        });
    }

    [Fact]
    public void ErrorCounts_EveryFixtureFolder_IsListed()
    {
        var listed = ErrorCounts.Select(row => (string)row[0]).Append("several-files").Order(StringComparer.Ordinal);
        var folders = Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures", "malformed"))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(folders, listed);
    }

    [Fact]
    public void Load_DefectsInSeveralFiles_ReportsAllInOneRun()
    {
        var folder = FixtureFolder("several-files");

        var result = ConfigFolder.Load(folder);

        Assert.Null(result.Configuration);
        var located = result.Errors.Select(d => (Path.GetFileName(d.File), d.Line, d.Column)).ToList();
        Assert.Contains(("gates.yaml", 12, 5), located);          // ownr: qa_tester
        Assert.Contains(("environments.yaml", 20, 3), located);   // merge_groups: merge
        Assert.Contains(("personas.yaml", 33, 41), located);      // teams: [acme/odoo/sre]
        Assert.Contains(("overrides.yaml", 7, 10), located);      // max_age: 3 days
        Assert.DoesNotContain(result.Diagnostics, d => Path.GetFileName(d.File) == "ci_gate_mapping.yaml");
        Assert.Contains(result.Errors, d => d.Message.Contains("unknown key 'ownr'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.Message.Contains("unknown event 'merge_groups'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.Message.Contains("team 'acme/odoo/sre'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, d => d.Message.Contains("'3 days'", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_LocatedError_ReadsFileLineColumnErrorMessage()
    {
        var folder = FixtureFolder("unsupported-version");

        var error = Assert.Single(ConfigFolder.Load(folder).Diagnostics);

        Assert.Equal($"{Path.Combine(folder, "gates.yaml")}:3:10: error: unsupported version '2'; supported: 1", error.ToString());
    }

    [Fact]
    public void ToString_WholeFileError_OmitsLineAndColumn()
    {
        var folder = FixtureFolder("empty-file");

        var error = Assert.Single(ConfigFolder.Load(folder).Diagnostics);

        Assert.Equal($"{Path.Combine(folder, "personas.yaml")}: error: file is empty; it starts with 'version: 1'", error.ToString());
    }

    [Fact]
    public void Load_SourceMissing_NamesTheFileInTheFolderOfTheOthers()
    {
        var valid = Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid");
        var sources = ConfigSchema.Files
            .Where(f => f != ConfigSchema.PersonasFile)
            .Select(f => new ConfigSource(f, "gates/" + f, File.ReadAllText(Path.Combine(valid, f))))
            .ToList();

        var result = ConfigLoader.Load(sources);

        Assert.Null(result.Configuration);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(Path.Combine("gates", "personas.yaml"), error.File);
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }

    private static string FixtureFolder(string caseName) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "malformed", caseName);

    private static string Describe(ConfigLoadResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join('\n', result.Diagnostics);
}
