using OdooGateAction.Core;
using OdooGateAction.Runtime;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class ActionInputsTests
{
    [Theory]
    [InlineData("github-token", "INPUT_GITHUB-TOKEN")]
    [InlineData("pull-request", "INPUT_PULL-REQUEST")]
    [InlineData("wait timeout", "INPUT_WAIT_TIMEOUT")]
    [InlineData("target", "INPUT_TARGET")]
    public void VariableName_InputName_UpperCasesKeepsHyphensReplacesSpaces(string name, string expected) =>
        Assert.Equal(expected, ActionInputs.VariableName(name));

    [Fact]
    public void GetInput_ValueWithWhitespace_IsTrimmed()
    {
        var inputs = new ActionInputs(Environment(("INPUT_GITHUB-TOKEN", "  ghs_abc \n")));

        Assert.Equal("ghs_abc", inputs.GetInput("github-token"));
    }

    [Fact]
    public void GetInput_Unset_IsEmpty() =>
        Assert.Equal(string.Empty, new ActionInputs(Environment()).GetInput("target"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void GetInput_RequiredButEmpty_ThrowsNamingInput(string? value)
    {
        var inputs = new ActionInputs(Environment(("INPUT_GITHUB-TOKEN", value)));

        var ex = Assert.Throws<InputException>(() => inputs.GetInput("github-token", required: true));
        Assert.Contains("'github-token'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("required", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", false, true)]
    [InlineData("True", false, true)]
    [InlineData("TRUE", false, true)]
    [InlineData("false", true, false)]
    [InlineData("False", true, false)]
    [InlineData("FALSE", true, false)]
    [InlineData(" true ", false, true)]
    [InlineData("", true, true)]
    [InlineData("", false, false)]
    [InlineData(null, true, true)]
    public void GetBoolean_CoreSchemaSpellingOrEmpty_ReturnsValueOrDefault(string? value, bool defaultValue, bool expected)
    {
        var inputs = new ActionInputs(Environment(("INPUT_DRY-RUN", value)));

        Assert.Equal(expected, inputs.GetBoolean("dry-run", defaultValue));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    [InlineData("on")]
    [InlineData("1")]
    [InlineData("tRUE")]
    [InlineData("y")]
    public void GetBoolean_OtherSpelling_ThrowsNamingInputAndAllowedValues(string value)
    {
        var inputs = new ActionInputs(Environment(("INPUT_DRY-RUN", value)));

        var ex = Assert.Throws<InputException>(() => inputs.GetBoolean("dry-run", false));
        Assert.Contains("'dry-run'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("true | True | TRUE | false | False | FALSE", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h30m", 5400)]
    [InlineData("0", 0)]
    [InlineData("", 15)]
    public void GetDuration_ValidOrEmpty_ReturnsDurationOrDefault(string value, int expectedSeconds)
    {
        var inputs = new ActionInputs(Environment(("INPUT_WAIT-TIMEOUT", value)));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), inputs.GetDuration("wait-timeout", TimeSpan.FromSeconds(15)));
    }

    [Theory]
    [InlineData("15 minutes")]
    [InlineData("15")]
    [InlineData("abc")]
    [InlineData("-5s")]
    [InlineData("5y")]
    public void GetDuration_Invalid_ThrowsNamingInput(string value)
    {
        var inputs = new ActionInputs(Environment(("INPUT_WAIT-TIMEOUT", value)));

        var ex = Assert.Throws<InputException>(() => inputs.GetDuration("wait-timeout", TimeSpan.Zero));
        Assert.StartsWith("input 'wait-timeout':", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1347", 1347)]
    [InlineData(" 7 ", 7)]
    [InlineData("", null)]
    public void GetPositiveInteger_WholeNumberOrEmpty_ReturnsNumberOrNull(string value, int? expected)
    {
        var inputs = new ActionInputs(Environment(("INPUT_PULL-REQUEST", value)));

        Assert.Equal(expected, inputs.GetPositiveInteger("pull-request"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("#12")]
    [InlineData("+12")]
    [InlineData("99999999999")]
    public void GetPositiveInteger_NotAPositiveWholeNumber_ThrowsNamingInput(string value)
    {
        var inputs = new ActionInputs(Environment(("INPUT_PULL-REQUEST", value)));

        var ex = Assert.Throws<InputException>(() => inputs.GetPositiveInteger("pull-request"));
        Assert.Contains("'pull-request'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("above zero", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EC26C3E57CA3A959CA5AAD62DE7213C562F8C821", "ec26c3e57ca3a959ca5aad62de7213c562f8c821")]
    [InlineData("", null)]
    public void GetSha_FullShaOrEmpty_ReturnsLowerCaseOrNull(string value, string? expected)
    {
        var inputs = new ActionInputs(Environment(("INPUT_SHA", value)));

        Assert.Equal(expected, inputs.GetSha("sha"));
    }

    [Theory]
    [InlineData("ec26c3e")]
    [InlineData("ec26c3e57ca3a959ca5aad62de7213c562f8c8210")]
    [InlineData("zc26c3e57ca3a959ca5aad62de7213c562f8c821")]
    [InlineData("main")]
    public void GetSha_NotFortyHexCharacters_ThrowsNamingInput(string value)
    {
        var inputs = new ActionInputs(Environment(("INPUT_SHA", value)));

        var ex = Assert.Throws<InputException>(() => inputs.GetSha("sha"));
        Assert.Contains("input 'sha'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("40 hexadecimal", ex.Message, StringComparison.Ordinal);
    }
}
