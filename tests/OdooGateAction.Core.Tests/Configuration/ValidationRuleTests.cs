using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary>
/// The cross-file rules of <see cref="ConfigValidator"/>, one or more rows per rule. Each row starts from the
/// valid configuration (<c>Fixtures/valid/</c>, a copy of <c>gates/</c>) and applies text edits in memory.
/// </summary>
public sealed class ValidationRuleTests
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    private const string G3Checks =
        "  G3:\n    - check: changelog\n      evidence: changelog\n    - status: security/scan\n      app: any\n      evidence: security-scan\n";

    /// <summary>Rule, edits (file, find, replace; repeated), severity, file, line, column, message fragment.</summary>
    public static TheoryData<string, string[], DiagnosticSeverity, string, int, int, string> Rules => new()
    {
        {
            "gate owner is a persona (near miss)",
            ["gates.yaml", "    owner: developer\n", "    owner: developr\n"],
            Error, "gates/gates.yaml", 7, 12,
            "gate 'G1' is owned by 'developr', which is no persona (did you mean 'developer'?); personas: developer, qa_tester, release_manager, sre"
        },
        {
            "defaults.app is not empty",
            ["ci_gate_mapping.yaml", "  app: github-actions ", "  app: \"\" "],
            Error, "gates/ci_gate_mapping.yaml", 7, 8,
            "'app' of defaults is ''; write a GitHub App slug such as 'github-actions' (lower-case letters, digits and '-'), or 'any' for results from any app"
        },
        {
            "team slug without spaces",
            ["personas.yaml", "teams: [acme/odoo-qa]", "teams: [acme/odoo qa]"],
            Error, "gates/personas.yaml", 23, 23,
            "team 'acme/odoo qa' in 'github' of persona 'qa_tester' must be written 'org/team-slug'"
        },
        {
            "team slug without zero-width characters",
            ["personas.yaml", "teams: [acme/odoo-qa]", "teams: [\"acme/odoo\u200B-qa\"]"],
            Error, "gates/personas.yaml", 23, 23,
            "must be written 'org/team-slug' (letters, digits, '-', '_', '.'; no spaces)"
        },
        {
            "user is a GitHub login",
            ["personas.yaml", "users: [rel-mgr-alice]", "users: [\"rel mgr alice\"]"],
            Error, "gates/personas.yaml", 28, 23,
            "user 'rel mgr alice' in 'github' of persona 'release_manager' is not a GitHub login"
        },
        {
            "label_prefix is visible",
            ["overrides.yaml", "label_prefix: \"gate-override:\"", "label_prefix: \"\u200B\""],
            Error, "gates/overrides.yaml", 4, 15,
            "'label_prefix' may not start or end with white space or hold invisible or control characters"
        },
        {
            "label_prefix is not blank",
            ["overrides.yaml", "label_prefix: \"gate-override:\"", "label_prefix: \"  \""],
            Error, "gates/overrides.yaml", 4, 15,
            "'label_prefix' must be 1 to 40 characters"
        },
        {
            "max_age is at most 366 days",
            ["overrides.yaml", "max_age: 72h", "max_age: 1000000w"],
            Error, "gates/overrides.yaml", 7, 10,
            "'max_age': '1000000w' is too long a duration; the most is 366d"
        },
        {
            "gate owner is a persona (no near miss)",
            ["gates.yaml", "    owner: sre\n", "    owner: nobody-at-all\n"],
            Error, "gates/gates.yaml", 25, 12,
            "gate 'G4' is owned by 'nobody-at-all', which is no persona; personas: developer, qa_tester, release_manager, sre"
        },
        {
            "mapping names an existing gate",
            ["ci_gate_mapping.yaml", "      evidence: smoke-test\n", "      evidence: smoke-test\n  G9:\n    - check: extra-check\n"],
            Error, "gates/ci_gate_mapping.yaml", 41, 3,
            "ci_gate_mapping.yaml maps checks to gate 'G9', which gates.yaml does not define"
        },
        {
            "check evidence is one its gate lists",
            ["ci_gate_mapping.yaml", "      evidence: lint\n", "      evidence: lnt\n"],
            Error, "gates/ci_gate_mapping.yaml", 13, 17,
            "'check: pre-commit' is evidence 'lnt', which gate 'G1' does not list (did you mean 'lint'?); its evidence: lint, unit-tests, module-install"
        },
        {
            "gate evidence has a required check (no check at all)",
            ["gates.yaml", "[lint, unit-tests, module-install]", "[lint, unit-tests, module-install, coverage]"],
            Error, "gates/gates.yaml", 9, 50,
            "capability gap: gate 'G1' lists evidence 'coverage', but no required check in ci_gate_mapping.yaml provides it"
        },
        {
            "a review names a persona (near miss)",
            ["ci_gate_mapping.yaml", G3Checks, "  G3:\n    - review: release_manger\n" + G3Checks[6..]],
            Error, "gates/ci_gate_mapping.yaml", 29, 15,
            "'review: release_manger' of gate 'G3' names persona 'release_manger', which personas.yaml does not define (did you mean 'release_manager'?); personas: developer, qa_tester, release_manager, sre"
        },
        {
            "gate evidence has a required check (a required: false check does not cover it)",
            ["ci_gate_mapping.yaml", "      evidence: integration-tests\n    - check: upgrade", "      evidence: integration-tests\n      required: false\n    - check: upgrade"],
            Error, "gates/gates.yaml", 15, 16,
            "capability gap: gate 'G2' lists evidence 'integration-tests', but no required check"
        },
        {
            "gate blocking a target has a required check",
            ["ci_gate_mapping.yaml", G3Checks, "  G3:\n    - { check: changelog, required: false }\n"],
            Error, "gates/environments.yaml", 10, 21,
            "gate 'G3' blocks target 'production' but has no required check in ci_gate_mapping.yaml: it could never pass"
        },
        {
            "gate blocking a target has a required check (only required: false checks)",
            ["ci_gate_mapping.yaml", "      evidence: changelog\n", "      evidence: changelog\n      required: false\n",
             "ci_gate_mapping.yaml", "      evidence: security-scan\n", "      evidence: security-scan\n      required: false\n"],
            Error, "gates/environments.yaml", 10, 21,
            "gate 'G3' blocks target 'production' but has no required check"
        },
        {
            "target names an existing gate",
            ["environments.yaml", "    gates: [G1]\n", "    gates: [G1, G7]\n"],
            Error, "gates/environments.yaml", 6, 17,
            "target 'merge' requires gate 'G7', which gates.yaml does not define"
        },
        {
            "not_overridable names an existing gate",
            ["environments.yaml", "not_overridable: [G1]", "not_overridable: [G9]"],
            Error, "gates/environments.yaml", 11, 23,
            "'not_overridable' of target 'production' names gate 'G9', which gates.yaml does not define; gates: G1, G2, G3, G4"
        },
        {
            "not_overridable names a gate the target requires",
            ["environments.yaml", "    gates: [G1, G2]\n", "    gates: [G1, G2]\n    not_overridable: [G3]\n"],
            Warning, "gates/environments.yaml", 9, 23,
            "'not_overridable' of target 'staging' names gate 'G3', which the target does not require; it has no effect"
        },
        {
            "two_person_override names an existing persona",
            ["environments.yaml", "[release_manager, sre]", "[release_manager, sr]"],
            Error, "gates/environments.yaml", 12, 44,
            "'two_person_override' of target 'production' names persona 'sr', which personas.yaml does not define (did you mean 'sre'?)"
        },
        {
            "two_person_override names a persona that may override a gate",
            ["environments.yaml", "[release_manager, sre]", "[release_manager, qa_tester]"],
            Error, "gates/environments.yaml", 12, 44,
            "names persona 'qa_tester', which may override no gate (its 'may_override' is empty)"
        },
        {
            "persona expertise is a declared domain",
            ["personas.yaml", "orm-data-model, testing, ci-cd]", "orm-data-model, testng, ci-cd]"],
            Error, "gates/personas.yaml", 19, 58,
            "persona 'developer' has expertise 'testng', which is not a declared domain (did you mean 'testing'?)"
        },
        {
            "every declared domain is held by a persona",
            ["personas.yaml", "  - observability-recovery\n", "  - observability-recovery\n  - localization\n"],
            Error, "gates/personas.yaml", 15, 5,
            "capability gap: domain 'localization' is declared but no persona has it as expertise"
        },
        {
            "may_override names an existing gate",
            ["personas.yaml", "    may_override: [G4]\n", "    may_override: [G4, G5]\n"],
            Error, "gates/personas.yaml", 35, 24,
            "persona 'sre' may override gate 'G5', which gates.yaml does not define"
        },
        {
            "event maps to an existing target",
            ["environments.yaml", "  merge_group: merge\n", "  merge_group: merg\n"],
            Error, "gates/environments.yaml", 20, 16,
            "event 'merge_group' maps to target 'merg', which environments.yaml does not define (did you mean 'merge'?); targets: merge, staging, production"
        },
        {
            "{environment} only for deployment",
            ["environments.yaml", "  workflow_run: merge\n", "  workflow_run: \"{environment}\"\n"],
            Error, "gates/environments.yaml", 21, 17,
            "event 'workflow_run' uses {environment}, which only 'deployment' has"
        },
        {
            "{input:NAME} only for workflow_dispatch",
            ["environments.yaml", "  pull_request: merge\n", "  pull_request: \"{input:target}\"\n"],
            Error, "gates/environments.yaml", 18, 17,
            "event 'pull_request' maps to '{input:target}', which is no placeholder it has"
        },
        {
            "{input:NAME} needs a name",
            ["environments.yaml", "\"{input:target}\"", "\"{input:}\""],
            Error, "gates/environments.yaml", 23, 22,
            "event 'workflow_dispatch' maps to '{input:}', which is no placeholder it has"
        },
        {
            "unknown placeholder",
            ["environments.yaml", "\"{environment}\"", "\"{env}\""],
            Error, "gates/environments.yaml", 22, 15,
            "event 'deployment' maps to '{env}', which is no placeholder it has; placeholders: {environment} (deployment), {input:NAME} (workflow_dispatch)"
        },
        {
            "gate expertise is a declared domain",
            ["gates.yaml", "expertise: [infrastructure-hosting, observability-recovery]", "expertise: [hosting]"],
            Error, "gates/gates.yaml", 28, 17,
            "gate 'G4' needs expertise 'hosting', which personas.yaml does not declare; domains: odoo-module-development"
        },
        {
            "gate expertise is held by a persona",
            ["gates.yaml", "expertise: [infrastructure-hosting, observability-recovery]", "expertise: [localization]",
             "personas.yaml", "  - observability-recovery\n", "  - observability-recovery\n  - localization\n"],
            Error, "gates/gates.yaml", 28, 17,
            "capability gap: gate 'G4' needs expertise 'localization', which no persona holds"
        },
        {
            "gate blocking a target can be overridden by someone (staging)",
            ["personas.yaml", "may_override: [G1, G2, G3]", "may_override: [G1, G3]"],
            Warning, "gates/environments.yaml", 8, 17,
            "gate 'G2' blocks target 'staging' but no persona may override it"
        },
        {
            "gate blocking a target can be overridden by someone (production)",
            ["personas.yaml", "may_override: [G1, G2, G3]", "may_override: [G1, G3]"],
            Warning, "gates/environments.yaml", 10, 17,
            "gate 'G2' blocks target 'production' but no persona may override it: the exception path is unusable there"
        },
        {
            "persona contract: someone can hold the persona",
            ["personas.yaml", "    github: { teams: [acme/odoo-qa] }\n", ""],
            Warning, "gates/personas.yaml", 21, 3,
            "persona 'qa_tester' names no team, user or permission under 'github': nobody can hold it"
        },
        {
            "persona contract: the persona has expertise",
            ["personas.yaml", "    expertise: [testing, migration-upgrade, performance]\n", ""],
            Warning, "gates/personas.yaml", 21, 3,
            "persona 'qa_tester' has no 'expertise'"
        },
        {
            "persona contract: the persona owns or may override a gate",
            ["personas.yaml", "    may_override: [G4]\n", "    may_override: [G4]\n  auditor:\n    name: Auditor\n    github: { users: [audit-carol] }\n    expertise: [testing]\n"],
            Warning, "gates/personas.yaml", 36, 3,
            "persona 'auditor' owns no gate and may override none"
        },
        {
            "gate owner holds some of the gate's expertise",
            ["gates.yaml", "    owner: release_manager\n", "    owner: qa_tester\n"],
            Warning, "gates/gates.yaml", 19, 12,
            "gate 'G3' needs expertise release-management, security-access, but its owner 'qa_tester' holds none of it"
        },
        {
            "gate has a required check even when it blocks no target",
            ["gates.yaml", "expertise: [infrastructure-hosting, observability-recovery]\n", "expertise: [infrastructure-hosting, observability-recovery]\n  G5:\n    name: Docs\n    owner: developer\n"],
            Warning, "gates/gates.yaml", 29, 3,
            "gate 'G5' has no required check in ci_gate_mapping.yaml (and blocks no target): it could never pass"
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Validate_RuleBroken_ReportsSeverityFileLineAndMessage(
        string rule, string[] edits, DiagnosticSeverity severity, string file, int line, int column, string fragment)
    {
        var result = ValidConfig.LoadWith(edits);

        var matches = result.Diagnostics.Where(d => d.Message.Contains(fragment, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1, $"{rule}: expected one diagnostic with \"{fragment}\", got:\n{ValidConfig.Describe(result)}");
        var diagnostic = matches[0];
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(file, diagnostic.File);
        Assert.Equal((line, column), (diagnostic.Line, diagnostic.Column));

        // An error fails the load; these warning rows break nothing else, so the configuration still loads.
        Assert.Equal(severity == Warning, result.Succeeded);
        Assert.Equal(severity == Warning, result.Configuration is not null);
    }

    [Fact]
    public void Validate_GateInNotOverridable_NoUnusableOverrideWarningForThatTarget()
    {
        // Nobody may override G1 now: merge and staging warn, production lists G1 in 'not_overridable' and does not.
        var result = ValidConfig.LoadWith(["personas.yaml", "may_override: [G1, G2, G3]", "may_override: [G2, G3]"]);

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        var warnings = result.Warnings.Select(w => (w.Line, w.Column, w.Message)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Line == 6 && w.Column == 13 && w.Message.StartsWith("gate 'G1' blocks target 'merge' but no persona may override it", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Line == 8 && w.Column == 13 && w.Message.StartsWith("gate 'G1' blocks target 'staging' but no persona may override it", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, w => w.Message.Contains("'production'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RequiredFalseCheckBesideRequiredOne_NoCapabilityGap()
    {
        // Unchanged: codecov/project is 'required: false' evidence for integration-tests, but the required check covers it.
        var result = ValidConfig.LoadWith([]);

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        Assert.Empty(result.Diagnostics);
        var check = Assert.Single(result.Configuration!.MappedChecks, c => c.Pattern.Text == "codecov/project");
        Assert.False(check.Required);
    }

    [Fact]
    public void Validate_RequiredReviewProvidesEvidence_NoCapabilityGap()
    {
        var result = ValidConfig.LoadWith(
        [
            "gates.yaml", "[changelog, security-scan]", "[changelog, security-scan, sign-off]",
            "ci_gate_mapping.yaml", G3Checks, "  G3:\n    - { review: release_manager, evidence: sign-off }\n" + G3Checks[6..],
        ]);

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Configuration!.MappedChecks, c => c.Source == EvidenceSource.Review && c.Evidence == "sign-off");
    }

    [Fact]
    public void Validate_InputPlaceholderForWorkflowDispatchAndEnvironmentForDeployment_Accepted()
    {
        var result = ValidConfig.LoadWith(["environments.yaml", "\"{input:target}\"", "\"{input:release-target}\""]);

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        Assert.Empty(result.Diagnostics);
        Assert.Contains(result.Configuration!.Events, e => e.EventName == "workflow_dispatch" && e.InputName == "release-target");
        Assert.Contains(result.Configuration.Events, e => e.EventName == "deployment" && e.IsEnvironmentPlaceholder);
    }

    [Fact]
    public void Validate_SeveralRulesBroken_ReportsEveryOne()
    {
        var result = ValidConfig.LoadWith([
            "gates.yaml", "    owner: developer\n", "    owner: developr\n",
            "environments.yaml", "  merge_group: merge\n", "  merge_group: merg\n",
            "personas.yaml", "    may_override: [G4]\n", "    may_override: [G4, G5]\n",
        ]);

        Assert.Null(result.Configuration);
        Assert.Equal(
            ["gates/environments.yaml:20:16", "gates/gates.yaml:7:12", "gates/personas.yaml:35:24"],
            result.Errors.Select(e => e.Location).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_ValidCopyOfGatesFolder_NoErrorsNoWarnings()
    {
        var result = ConfigFolder.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid"));

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        Assert.Empty(result.Diagnostics);
        var config = result.Configuration!;
        Assert.Equal(["G1", "G2", "G3", "G4"], config.Gates.Select(g => g.Id));
        Assert.Equal(["merge", "staging", "production"], config.Targets.Select(t => t.Name));
        Assert.Equal(2, config.MappedChecks.Single(c => c.Pattern.Text == "test (*)").Min);
        Assert.Equal("Fri 16:00", Assert.Single(config.FindTarget("production")!.Freeze).From);
        Assert.Equal(TimeSpan.FromHours(72), config.Overrides.MaxAge);
        Assert.Equal(10, config.Domains.Count);
    }

    [Fact]
    public void Load_ExampleGatesFixture_NoErrorsNoWarnings()
    {
        var result = ConfigFolder.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "example-gates"));

        Assert.True(result.Succeeded, ValidConfig.Describe(result));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void ValidFixture_ComparedWithRepositoryGatesFolder_IsIdentical()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "OdooGateAction.sln")))
        {
            repository = repository.Parent;
        }

        Assert.NotNull(repository);
        foreach (var file in ConfigSchema.Files)
        {
            Assert.Equal(
                File.ReadAllText(Path.Combine(repository.FullName, "gates", file)),
                File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid", file)));
        }
    }
}

/// <summary>The valid configuration (<c>Fixtures/valid/</c>) as in-memory sources named <c>gates/FILE</c>, with edits.</summary>
internal static class ValidConfig
{
    private static readonly Dictionary<string, string> Texts = ConfigSchema.Files.ToDictionary(
        f => f,
        f => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid", f)),
        StringComparer.Ordinal);

    /// <summary>Applies (file, find, replace) triples, each of whose find text must occur exactly once, then loads.</summary>
    public static ConfigLoadResult LoadWith(string[] edits)
    {
        Assert.True(edits.Length % 3 == 0, "edits come in (file, find, replace) triples");
        var texts = new Dictionary<string, string>(Texts, StringComparer.Ordinal);
        for (var i = 0; i < edits.Length; i += 3)
        {
            var (file, find, replace) = (edits[i], edits[i + 1], edits[i + 2]);
            var text = texts[file];
            var at = text.IndexOf(find, StringComparison.Ordinal);
            Assert.True(at >= 0 && text.IndexOf(find, at + 1, StringComparison.Ordinal) < 0, $"'{find}' must occur exactly once in {file}");
            texts[file] = string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
        }

        return ConfigLoader.Load(ConfigSchema.Files.Select(f => new ConfigSource(f, "gates/" + f, texts[f])).ToList());
    }

    public static string Describe(ConfigLoadResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join('\n', result.Diagnostics);
}
