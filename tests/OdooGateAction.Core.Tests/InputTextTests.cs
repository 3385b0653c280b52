using System.Text.Json;
using OdooGateAction.Core.Configuration;

namespace OdooGateAction.Core.Tests;

/// <summary>Outside values in messages: a short excerpt on one line; JSON errors in plain words; NUL characters located.</summary>
public sealed class InputTextTests
{
    [Theory]
    [InlineData("short", "short")]
    [InlineData("line\nbreak\r\ttab\u0000nul\u001b[31m", "line\\nbreak\\r\\ttab\\u0000nul\\u001b[31m")]
    [InlineData("\u2028\u0085", "\\u2028\\u0085")]
    public void Excerpt_ShortValue_WholeWithControlCharactersEscaped(string value, string expected) =>
        Assert.Equal(expected, InputText.Excerpt(value));

    [Fact]
    public void Excerpt_LongValue_First80CharactersAndAnEllipsis() =>
        Assert.Equal(new string('a', 80) + "…", InputText.Excerpt(new string('a', 200_000)));

    [Fact]
    public void Excerpt_CutAtASurrogatePair_KeepsThePairWhole()
    {
        var value = new string('a', 79) + "😀" + "tail";

        Assert.Equal(new string('a', 79) + "😀…", InputText.Excerpt(value));
    }

    [Fact]
    public void FindNul_SecondLine_OneBasedLineAndColumn()
    {
        Assert.Equal((2, 3), InputText.FindNul("first\nab\0c"));
        Assert.Null(InputText.FindNul("no nul"));
    }

    [Fact]
    public void JsonError_ParseError_OneBasedPositionAndNoPositionSuffix()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse("{\n  \"a\": ]\n}"));

        var (line, column, field, reason) = InputText.JsonError(ex);

        Assert.Equal((2, 8, (string?)null), (line, column, field));
        Assert.Equal("']' is an invalid start of a value", reason);
    }

    [Fact]
    public void Load_200KBConfigurationValue_QuotedShort()
    {
        var value = new string('z', 200_000);
        var sources = new[] { new ConfigSource("overrides.yaml", "gates/overrides.yaml", $"version: 1\nreason_command: {value} x\n") };

        var error = Assert.Single(ConfigLoader.Load(sources).Errors, e => e.File == "gates/overrides.yaml");

        Assert.Equal($"'reason_command' must be one word such as /gate-override, got '{new string('z', 80)}…'", error.Message);
    }

    [Fact]
    public void Load_UnreadableSource_AnErrorOnThatFileNeverFileNotFound()
    {
        var sources = new[] { ConfigSource.CannotRead("gates.yaml", "gates/gates.yaml", "the file is a named pipe (FIFO), not a regular file") };

        var errors = ConfigLoader.Load(sources).Errors.Where(e => e.File == "gates/gates.yaml").ToList();

        Assert.Equal(["the file is a named pipe (FIFO), not a regular file"], errors.Select(e => e.Message));
    }

    [Fact]
    public void Load_NulCharacter_LocatedAndTheFileNotParsed()
    {
        var sources = new[] { new ConfigSource("gates.yaml", "gates/gates.yaml", "version: 1\ngates:\n  G1\0: {}\n") };

        var error = Assert.Single(ConfigLoader.Load(sources).Errors, e => e.File == "gates/gates.yaml");

        Assert.Equal("gates/gates.yaml:3:5: error: the file holds a NUL character, so it is not text; a configuration file is UTF-8 YAML", error.ToString());
    }
}
