using System.Globalization;
using System.Reflection;
using System.Text.Json;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests.Configuration;

/// <summary>
/// Keeps the editor schemas in <c>gates/schema/</c> in step with the loader: every object of a schema allows
/// exactly the keys <see cref="ConfigSchema"/> allows, and every enum lists exactly the loader's values.
/// </summary>
public sealed class SchemaConsistencyTests
{
    /// <summary>Each object of the configuration: schema file, JSON pointer to its schema, the <see cref="ConfigSchema"/> key list.</summary>
    public static TheoryData<string, string, string> Objects { get; } = new()
    {
        { "gates.schema.json", "", nameof(ConfigSchema.GatesRoot) },
        { "gates.schema.json", "/$defs/gate", nameof(ConfigSchema.Gate) },
        { "ci_gate_mapping.schema.json", "", nameof(ConfigSchema.MappingRoot) },
        { "ci_gate_mapping.schema.json", "/$defs/defaults", nameof(ConfigSchema.MappingDefaults) },
        { "ci_gate_mapping.schema.json", "/$defs/mappedCheck", nameof(ConfigSchema.MappedCheck) },
        { "environments.schema.json", "", nameof(ConfigSchema.EnvironmentsRoot) },
        { "environments.schema.json", "/$defs/target", nameof(ConfigSchema.Target) },
        { "environments.schema.json", "/$defs/freeze", nameof(ConfigSchema.Freeze) },
        { "environments.schema.json", "/$defs/events", nameof(ConfigSchema.Events) },
        { "personas.schema.json", "", nameof(ConfigSchema.PersonasRoot) },
        { "personas.schema.json", "/$defs/persona", nameof(ConfigSchema.Persona) },
        { "personas.schema.json", "/$defs/github", nameof(ConfigSchema.PersonaGitHub) },
        { "overrides.schema.json", "", nameof(ConfigSchema.OverridesRoot) },
    };

    /// <summary>Each closed set of values: schema file, JSON pointer to the <c>enum</c> array, the <see cref="ConfigSchema"/> list.</summary>
    public static TheoryData<string, string, string> Enums { get; } = new()
    {
        { "environments.schema.json", "/$defs/events/propertyNames/enum", nameof(ConfigSchema.Events) },
        { "ci_gate_mapping.schema.json", "/$defs/policy/enum", nameof(ConfigSchema.ConclusionPolicies) },
        { "personas.schema.json", "/$defs/github/properties/permission/enum", nameof(ConfigSchema.Permissions) },
        { "overrides.schema.json", "/properties/on_unauthorized/enum", nameof(ConfigSchema.UnauthorizedActions) },
    };

    public static TheoryData<string> SchemaFiles { get; } = new(ConfigSchema.Files.Select(SchemaFileFor));

    [Theory]
    [MemberData(nameof(Objects))]
    public void Properties_SchemaObject_EqualConfigSchemaKeys(string file, string objectPath, string keyList)
    {
        var schema = Resolve(Load(file), objectPath);
        Assert.True(schema.TryGetProperty("properties", out var properties), $"{file}#{objectPath} has no 'properties'");

        var actual = properties.EnumerateObject().Select(p => p.Name).ToList();
        var expected = KeyList(keyList);
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{file}#{objectPath} vs ConfigSchema.{keyList}: missing [{string.Join(", ", missing)}], not allowed by the loader [{string.Join(", ", extra)}]");
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void AdditionalProperties_SchemaObject_IsFalseLikeTheLoader(string file, string objectPath, string keyList)
    {
        var schema = Resolve(Load(file), objectPath);
        Assert.True(
            schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False,
            $"{file}#{objectPath} must say 'additionalProperties: false': the loader rejects keys outside ConfigSchema.{keyList}");
    }

    [Theory]
    [MemberData(nameof(Enums))]
    public void Enum_SchemaValues_EqualConfigSchemaList(string file, string enumPath, string list)
    {
        var values = Resolve(Load(file), enumPath);
        Assert.Equal(JsonValueKind.Array, values.ValueKind);

        Assert.Equal(KeyList(list), values.EnumerateArray().Select(v => v.GetString()!).ToList());
    }

    [Fact]
    public void Tables_EveryConfigSchemaList_IsCheckedAgainstASchema()
    {
        var checkedLists = Objects.Concat(Enums).Select(row => (string)row[2]).Append(nameof(ConfigSchema.Files)).ToHashSet(StringComparer.Ordinal);

        var lists = typeof(ConfigSchema).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(IReadOnlyList<string>))
            .Select(p => p.Name);

        Assert.DoesNotContain(lists, name => !checkedLists.Contains(name));
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Header_EverySchema_IsDraft202012WithIdTitleAndVersion(string file)
    {
        var root = Load(file);

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("$id").GetString()), $"{file} has no $id");
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()), $"{file} has no title");
        Assert.Equal("object", root.GetProperty("type").GetString());
        Assert.Equal(ConfigSchema.SupportedVersion, Resolve(root, "/properties/version/const").GetInt32());
        Assert.Contains("version", root.GetProperty("required").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public void Properties_EverySchema_HaveDescriptionsForHoverHelp(string file)
    {
        var undocumented = new List<string>();
        CollectUndocumented(Load(file), string.Empty, undocumented);

        Assert.True(undocumented.Count == 0, $"{file}: properties without a 'description': {string.Join(", ", undocumented)}");
    }

    [Theory]
    [InlineData("#/$defs/gate", true)]
    [InlineData("/$defs/gate", true)]
    [InlineData("/$defs/no-such-object", false)]
    [InlineData("/properties/gates/additionalProperties", true)]
    public void Resolve_Pointer_FindsOnlyExistingObjects(string path, bool exists)
    {
        var root = Load("gates.schema.json");

        Assert.Equal(exists, TryResolve(root, path, out _));
    }

    private static readonly HashSet<string> ConstraintOnlyKeywords = new(StringComparer.Ordinal) { "if", "then", "else", "not", "anyOf", "oneOf", "allOf" };

    private static string SchemaFileFor(string yamlFile) => Path.ChangeExtension(yamlFile, ".schema.json");

    private static IReadOnlyList<string> KeyList(string name)
    {
        var property = typeof(ConfigSchema).GetProperty(name, BindingFlags.Public | BindingFlags.Static);
        Assert.True(property is not null, $"ConfigSchema has no list '{name}'");
        return (IReadOnlyList<string>)property.GetValue(null)!;
    }

    private static JsonElement Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Schemas", file);
        Assert.True(File.Exists(path), $"{path} is missing: gates/schema/*.json are copied to the test output as Schemas/");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    private static JsonElement Resolve(JsonElement root, string pointer)
    {
        Assert.True(TryResolve(root, pointer, out var element), $"JSON pointer '{pointer}' names nothing in the schema");
        return element;
    }

    /// <summary>Follows a JSON pointer (RFC 6901, optionally written as a '#' fragment) through objects and arrays.</summary>
    private static bool TryResolve(JsonElement root, string pointer, out JsonElement element)
    {
        element = root;
        var path = pointer.StartsWith('#') ? pointer[1..] : pointer;
        if (path.Length == 0)
        {
            return true;
        }

        foreach (var raw in path[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(token, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Every entry of a <c>properties</c> object that has no description, anywhere in the schema but inside the
    /// applicators that only constrain (<c>if</c>, <c>anyOf</c>, ...): an editor's hover help reads the others.
    /// </summary>
    private static void CollectUndocumented(JsonElement element, string pointer, List<string> undocumented)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (ConstraintOnlyKeywords.Contains(member.Name))
                    {
                        continue;
                    }

                    var path = $"{pointer}/{member.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";
                    if (member.Name == "properties" && member.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var property in member.Value.EnumerateObject())
                        {
                            if (!property.Value.TryGetProperty("description", out var description)
                                || description.ValueKind != JsonValueKind.String
                                || string.IsNullOrWhiteSpace(description.GetString()))
                            {
                                undocumented.Add($"{path}/{property.Name}");
                            }
                        }
                    }

                    CollectUndocumented(member.Value, path, undocumented);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CollectUndocumented(item, $"{pointer}/{i++}", undocumented);
                }

                break;
        }
    }
}
