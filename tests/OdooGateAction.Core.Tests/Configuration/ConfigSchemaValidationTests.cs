using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OdooGateAction.Core.Configuration;
using OdooGateAction.Core.Yaml;
using OdooGateAction.Testing;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary>
/// The editor schemas in <c>gates/schema/</c> validated in full (JSON Schema 2020-12, JsonSchema.Net): each is a valid
/// 2020-12 schema; the shipped <c>gates/</c>, the valid fixture and the example policy conform to them, read as an editor
/// reads YAML (1.2 core schema: plain <c>1</c> is a number, <c>true</c> a boolean); and where a malformed fixture's
/// fault is one of shape, the schema refuses it as the loader does.
/// </summary>
public sealed class ConfigSchemaValidationTests
{
    public static TheoryData<string> SchemaFiles { get; } = new(ConfigSchema.Files.Select(f => Path.ChangeExtension(f, ".schema.json")));

    public static TheoryData<string, string> ValidFiles { get; } = Rows(["gates", "Fixtures/valid", "Fixtures/example-gates"]);

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Schema_EveryConfigSchema_IsAValid202012Schema(string file)
    {
        Assert.Empty(JsonSchemas.MetaSchemaErrors(SchemaPath(file)));
    }

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Config_ValidFile_ConformsToItsSchema(string folder, string file)
    {
        var errors = Validate(Path.Combine(Folder(folder), file), file);

        Assert.True(errors.Count == 0, $"{folder}/{file}:\n{string.Join('\n', errors)}");
    }

    [Theory]
    [InlineData("unknown-key", "ci_gate_mapping.yaml", "additionalProperties")]
    [InlineData("unknown-root-key", "overrides.yaml", "additionalProperties")]
    [InlineData("unsupported-version", "gates.yaml", "at '/version' (const")]
    [InlineData("missing-required-field", "gates.yaml", "(required")]
    [InlineData("wrong-type-list", "environments.yaml", "at '/targets/merge/gates' (type")]
    [InlineData("wrong-type-min", "ci_gate_mapping.yaml", "/min' (type")]
    [InlineData("wrong-type-required", "ci_gate_mapping.yaml", "/required' (type")]
    [InlineData("bad-gate-name", "gates.yaml", "(pattern")]
    [InlineData("unknown-event", "environments.yaml", "at '/events/pull_requests'")]
    [InlineData("bad-choice", "overrides.yaml", "at '/on_unauthorized' (enum")]
    [InlineData("bad-duration", "overrides.yaml", "at '/max_age' (pattern")]
    [InlineData("bad-team-format", "personas.yaml", "(pattern")]
    [InlineData("check-and-status", "ci_gate_mapping.yaml", "at '/gates/G1/0' (")]
    public void Config_MalformedShape_IsRefusedByTheSchemaToo(string caseName, string file, string expected)
    {
        var errors = Validate(Path.Combine(AppContext.BaseDirectory, "Fixtures", "malformed", caseName, file), file);

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"no error says \"{expected}\":\n{string.Join('\n', errors)}");
    }

    private static IReadOnlyList<string> Validate(string yamlPath, string file)
    {
        var diagnostics = new DiagnosticBag();
        var root = YamlDocumentReader.Read(File.ReadAllText(yamlPath), yamlPath, diagnostics);
        Assert.False(diagnostics.HasErrors, $"{yamlPath} is not readable YAML");
        using var instance = JsonDocument.Parse(ToJson(root)?.ToJsonString() ?? "null");
        return JsonSchemas.Validate(JsonSchemas.Load(SchemaPath(Path.ChangeExtension(file, ".schema.json"))), instance.RootElement);
    }

    /// <summary>YAML as an editor's schema check reads it (the YAML 1.2 core schema types plain scalars; quoted ones are text).</summary>
    private static JsonNode? ToJson(YamlNodeBase? node) => node switch
    {
        YamlMap map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
        YamlList list => new JsonArray([.. list.Items.Select(ToJson)]),
        YamlScalar { IsNull: true } or null => null,
        YamlScalar { IsPlain: true, Value: "true" or "True" or "TRUE" } => true,
        YamlScalar { IsPlain: true, Value: "false" or "False" or "FALSE" } => false,
        YamlScalar { IsPlain: true } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        YamlScalar { IsPlain: true } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && char.IsAsciiDigit(s.Value.TrimStart('-', '+', '.')[0]) => number,
        YamlScalar s => s.Value,
        _ => throw new InvalidOperationException($"unexpected YAML node {node.KindName}"),
    };

    private static TheoryData<string, string> Rows(string[] folders)
    {
        var rows = new TheoryData<string, string>();
        foreach (var folder in folders)
        {
            foreach (var file in ConfigSchema.Files)
            {
                rows.Add(folder, file);
            }
        }

        return rows;
    }

    /// <summary>The shipped <c>gates/</c> at the repository root; fixtures in the test output.</summary>
    private static string Folder(string folder)
    {
        if (folder.StartsWith("Fixtures/", StringComparison.Ordinal))
        {
            return Path.Combine(AppContext.BaseDirectory, folder);
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OdooGateAction.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, folder);
    }

    private static string SchemaPath(string file) => Path.Combine(AppContext.BaseDirectory, "Schemas", file);
}
