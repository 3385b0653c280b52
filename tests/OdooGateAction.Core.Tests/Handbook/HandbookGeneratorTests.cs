using System.Text;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Handbook;
using OdooGateAction.Testing;

namespace OdooGateAction.Core.Tests.Handbook;

/// <summary>
/// The handbook generated from the design example (<c>Fixtures/example-gates/</c>), file by file against golden files
/// (the shipped <c>gates/</c> handbook is <c>docs/handbook/</c>, checked by <c>docs --check</c>); its determinism, and
/// the capability check of both.
/// </summary>
public sealed class HandbookGeneratorTests
{
    private static readonly string[] ExpectedPaths =
    [
        "README.md", "expertise-registry.md", "gates.md", "promotion-blocks.md", "override-path.md",
        "personas/developer.md", "personas/qa_tester.md", "personas/release_manager.md", "personas/sre.md",
    ];

    public static TheoryData<string, string> GoldenFiles()
    {
        var rows = new TheoryData<string, string>();
        // The shipped gates/ handbook's golden files are docs/handbook/ itself (DocsCommandTests and CI check it).
        foreach (var path in ExpectedPaths)
        {
            rows.Add("example-gates", path);
        }

        return rows;
    }

    internal static GateConfiguration Load(string fixture)
    {
        var result = ConfigFolder.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Configuration!;
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("example-gates")]
    public void Generate_ShippedAndExampleConfiguration_OneFilePerPageAndPersonaInFixedOrder(string fixture)
    {
        var files = HandbookGenerator.Generate(Load(fixture));

        Assert.Equal(ExpectedPaths, files.Select(f => f.Path));
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void Generate_ShippedAndExampleConfiguration_MatchesGolden(string fixture, string path)
    {
        var file = Assert.Single(HandbookGenerator.Generate(Load(fixture)), f => f.Path == path);

        Golden.AssertMatches(file.Text, $"handbook-{fixture}/{path}");
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("example-gates")]
    public void Generate_Twice_ByteIdentical(string fixture)
    {
        var first = HandbookGenerator.Generate(Load(fixture));
        var second = HandbookGenerator.Generate(Load(fixture));

        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Path, second[i].Path);
            Assert.Equal(Encoding.UTF8.GetBytes(first[i].Text), Encoding.UTF8.GetBytes(second[i].Text));
        }
    }

    [Theory]
    [InlineData("valid")]
    [InlineData("example-gates")]
    public void Generate_EveryFile_MarkerFirstLfOnlyOneFinalLineBreak(string fixture)
    {
        foreach (var file in HandbookGenerator.Generate(Load(fixture)))
        {
            Assert.StartsWith(HandbookGenerator.Marker + "\n", file.Text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', file.Text);
            Assert.EndsWith("\n", file.Text, StringComparison.Ordinal);
            Assert.False(file.Text.EndsWith("\n\n", StringComparison.Ordinal), $"{file.Path} ends with a blank line");
        }
    }

    [Fact]
    public void Registry_ShippedConfiguration_EveryCheckCoveredNoGap()
    {
        var capability = CapabilityCheck.Of(Load("valid"));

        Assert.Equal(0, capability.GapCount);
        Assert.All(capability.Checks, c => Assert.Equal(Coverage.Covered, c.Coverage));
        Assert.Contains(capability.Checks, c => c.Check.Gate == "G2" && c.CoveredBy.SequenceEqual(["developer", "qa_tester", "sre"]));
    }

    [Fact]
    public void Registry_ExampleWithoutGateExpertise_ChecksNotCheckedAndSaidSo()
    {
        var config = Load("example-gates");
        var capability = CapabilityCheck.Of(config);
        var registry = HandbookGenerator.Generate(config).Single(f => f.Path == "expertise-registry.md").Text;

        Assert.Equal(0, capability.GapCount);
        Assert.All(capability.Checks, c => Assert.Equal(Coverage.NotChecked, c.Coverage));
        Assert.Contains("no capability gap; 11 mapped checks not checked", registry, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_DomainHeldByNobodyAndGateNeedingIt_GapsCalledOut()
    {
        // Built in code: the loader refuses these gaps, but the generator names them whatever it is handed.
        var config = Load("valid");
        var gate = config.Gates[0] with { Expertise = ["localization"] };
        var broken = new GateConfiguration([gate, .. config.Gates.Skip(1)], config.MappingDefaults, config.MappedChecks, config.Targets, config.Events,
            [.. config.Domains, "localization"], config.Personas, config.Overrides);

        var capability = CapabilityCheck.Of(broken);
        var registry = HandbookGenerator.Generate(broken).Single(f => f.Path == "expertise-registry.md").Text;

        Assert.Equal(["localization"], capability.UnheldDomains);
        Assert.Equal(3, capability.Checks.Count(c => c.Coverage == Coverage.Gap)); // G1's three checks
        Assert.Equal(4, capability.GapCount);
        Assert.Contains("Result: **4 capability gaps**.", registry, StringComparison.Ordinal);
        Assert.Contains("- ❌ domain <code>localization</code> is held by no persona", registry, StringComparison.Ordinal);
        Assert.Contains("- ❌ check <code>pre-commit</code> of gate <code>G1</code>: no persona holds any of <code>localization</code>", registry, StringComparison.Ordinal);
    }

    /// <summary>A persona name and a gate name full of Markdown, HTML and Mermaid syntax, loaded as a user would write them.</summary>
    [Theory]
    [InlineData("README.md", "hostile-index.md")]
    [InlineData("personas/release_manager.md", "hostile-contract.md")]
    public void Generate_HostileNames_StayLiteralGolden(string path, string golden)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "valid");
        var result = ConfigLoader.Load([.. ConfigSchema.Files.Select(f =>
        {
            var text = File.ReadAllText(Path.Combine(folder, f))
                .Replace("name: Odoo Release Manager", "name: \"Release | Manager <script>alert(1)</script>\\n# not a heading\\n\\\"] --> g0[\\\"pwned\\\"] %% @acme/all [x](javascript:alert(1))\"", StringComparison.Ordinal)
                .Replace("name: Release readiness", "name: \"Release <img src=x onerror=alert(1)> | readiness `code` **bold**\"", StringComparison.Ordinal);
            return new ConfigSource(f, "gates/" + f, text);
        })]);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));

        var file = HandbookGenerator.Generate(result.Configuration!).Single(f => f.Path == path);

        Assert.Contains("Release", file.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", file.Text, StringComparison.Ordinal);
        Golden.AssertMatches(file.Text, golden);
    }

    [Fact]
    public void PersonaFiles_HostileOrClashingIds_SafeDistinctStableNames()
    {
        string[] ids = ["../../etc/passwd", "a/b", "CON", "Dev", "dev", "release_manager", "x.md", "ünicode", "", new string('a', 300)];
        var personas = ids.Select(id => new PersonaDefinition(id, "n", [], [], null, [], [], new SourceLocation("p", 1, 1))).ToList();

        var files = HandbookPaths.PersonaFiles(personas);
        var again = HandbookPaths.PersonaFiles(personas);

        Assert.All(ids, id => Assert.Matches(@"^personas/[A-Za-z0-9_-]{1,80}\.md$", files[id]));
        Assert.Equal(ids.Length, files.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal("personas/release_manager.md", files["release_manager"]);
        Assert.NotEqual("personas/CON.md", files["CON"]);
        Assert.NotEqual("personas/dev.md", files["dev"]); // 'Dev' and 'dev' are one file on a case-insensitive disk
        Assert.All(ids, id => Assert.Equal(files[id], again[id]));
    }
}
