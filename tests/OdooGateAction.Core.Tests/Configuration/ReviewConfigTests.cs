using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary><c>- review: PERSONA</c> in ci_gate_mapping.yaml: what it accepts, its defaults, and every refusal with its line.</summary>
public sealed class ReviewConfigTests
{
    private static ConfigLoadResult Load(string g2Entry, string overrides = "version: 1\n", string g2Evidence = "[]")
    {
        return ConfigLoader.Load(
        [
            new ConfigSource("gates.yaml", "t/gates.yaml", $"version: 1\ngates:\n  G1: {{ name: Build, owner: developer }}\n  G2: {{ name: QA, owner: release_manager, evidence: {g2Evidence} }}\n"),
            new ConfigSource("ci_gate_mapping.yaml", "t/ci_gate_mapping.yaml", $"version: 1\ngates:\n  G1:\n    - check: build\n  G2:\n    {g2Entry}\n"),
            new ConfigSource("environments.yaml", "t/environments.yaml", "version: 1\ntargets:\n  merge: { gates: [G1, G2] }\n"),
            new ConfigSource("personas.yaml", "t/personas.yaml",
                "version: 1\ndomains: [testing]\npersonas:\n  developer: { name: Dev, expertise: [testing], may_override: [G1] }\n  release_manager: { name: RM, expertise: [testing], may_override: [G2] }\n"),
            new ConfigSource("overrides.yaml", "t/overrides.yaml", overrides),
        ]);
    }

    [Fact]
    public void Review_Defaults_MinOneRequiredExcludeAuthorAndInvalidateOnPushFromOverrides()
    {
        var result = Load("- review: release_manager");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var check = result.Configuration!.MappedChecks.Single(c => c.Gate == "G2");
        Assert.Equal((EvidenceSource.Review, "review", "release_manager", 1, true, true, (bool?)true, (string?)null),
            (check.Source, check.Kind, check.Pattern.Text, check.Min, check.Required, check.ExcludeAuthor, check.InvalidateOnPush, check.App));
    }

    [Theory]
    [InlineData("invalidate_on_push: false\n", null, false)]
    [InlineData("invalidate_on_push: false\n", "true", true)]
    [InlineData("", "false", false)]
    public void Review_InvalidateOnPush_EntryElseOverridesYaml(string overridesLine, string? entry, bool expected)
    {
        var item = entry is null ? "- review: release_manager" : $"- {{ review: release_manager, invalidate_on_push: {entry} }}";
        var result = Load(item, "version: 1\n" + overridesLine);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal(expected, result.Configuration!.MappedChecks.Single(c => c.Gate == "G2").InvalidateOnPush);
    }

    [Fact]
    public void Review_AllOptions_Read()
    {
        var result = Load("- { review: release_manager, min: 2, required: false, exclude_author: false, evidence: sign-off }", g2Evidence: "[sign-off]");

        Assert.False(result.Succeeded); // an optional review provides no evidence: the gate's 'sign-off' has a capability gap
        Assert.Contains(result.Errors, e => e.Message.Contains("capability gap: gate 'G2' lists evidence 'sign-off'", StringComparison.Ordinal));
    }

    [Fact]
    public void Review_ProvidesEvidence_CoverageCountsIt()
    {
        var result = Load("- { review: release_manager, min: 2, exclude_author: false, evidence: sign-off }", g2Evidence: "[sign-off]");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var check = result.Configuration!.MappedChecks.Single(c => c.Gate == "G2");
        Assert.Equal((2, false, "sign-off"), (check.Min, check.ExcludeAuthor, check.Evidence));
    }

    [Theory]
    [InlineData("- review: release_manger", 6, "names persona 'release_manger', which personas.yaml does not define (did you mean 'release_manager'?)")]
    [InlineData("- review: \"release_*\"", 6, "'review:' names one persona of personas.yaml, got the pattern 'release_*'")]
    [InlineData("- { review: release_manager, min: 0 }", 6, "'min'")]
    [InlineData("- { review: release_manager, app: github-actions }", 6, "'app' applies to check runs and statuses, not to 'review:'")]
    [InlineData("- { review: release_manager, skipped: fail }", 6, "'skipped' applies to check runs and statuses, not to 'review:'")]
    [InlineData("- { check: build, exclude_author: false }", 6, "'exclude_author' applies to '- review: PERSONA' entries only")]
    [InlineData("- { status: ci/x, invalidate_on_push: true }", 6, "'invalidate_on_push' applies to '- review: PERSONA' entries only")]
    [InlineData("- { review: release_manager, check: build }", 6, "has both 'check' and 'review'; give one")]
    [InlineData("- { review: release_manager, exclude_author: maybe }", 6, "exclude_author")]
    public void Review_Malformed_OneErrorOnItsLine(string entry, int line, string words)
    {
        var result = Load(entry);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Message.Contains(words, StringComparison.Ordinal));
        Assert.Equal(("t/ci_gate_mapping.yaml", line), (error.File, error.Line));
    }
}
