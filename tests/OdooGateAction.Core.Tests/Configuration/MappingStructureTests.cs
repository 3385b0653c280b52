using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

public sealed class MappingStructureTests
{
    private static ConfigLoadResult LoadWithMapping(string mapping)
    {
        var sources = ConfigSchema.Files
            .Select(f => new ConfigSource(f, "g/" + f, f == ConfigSchema.MappingFile ? mapping : File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "example-gates", f))))
            .ToList();
        return ConfigLoader.Load(sources);
    }

    [Theory]
    [InlineData("version: 1\ngates:\n  G1: []\n", 3, 7, "gate 'G1' lists no check")]
    [InlineData("version: 1\ngates:\n  G1:\n    - { status: ci/lint, skipped: fail }\n", 4, 35, "'skipped' applies to check runs only")]
    [InlineData("version: 1\ngates:\n  G1:\n    - { status: ci/lint, neutral: pass }\n", 4, 35, "'neutral' applies to check runs only")]
    public void Load_MeaninglessMappingEntry_IsAnErrorAtItsPosition(string mapping, int line, int column, string fragment)
    {
        var result = LoadWithMapping(mapping);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.File == "g/ci_gate_mapping.yaml" && d.Line == line && d.Column == column && d.Message.Contains(fragment, StringComparison.Ordinal));
    }
}
