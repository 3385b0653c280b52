using OdooGateAction.Runtime;
using static OdooGateAction.Tests.Runtime.RuntimeFixtures;

namespace OdooGateAction.Tests.Runtime;

public sealed class WorkflowCommandsTests : IDisposable
{
    private readonly StringWriter _out = new();

    public void Dispose() => _out.Dispose();

    private OutputSink Sink => new(_out, TextWriter.Null);

    private WorkflowCommands Commands => Sink.Commands;

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100% done", "100%25 done")]
    [InlineData("a\nb", "a%0Ab")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("%0A is literal", "%250A is literal")]
    [InlineData("G2: failed, twice", "G2: failed, twice")]
    [InlineData("::error::injected", "::error::injected")]
    public void EscapeData_Text_EscapesPercentAndLineBreaksOnly(string value, string expected) =>
        Assert.Equal(expected, WorkflowCommands.EscapeData(value));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("G2: failed, twice", "G2%3A failed%2C twice")]
    [InlineData("50%\nmore", "50%25%0Amore")]
    [InlineData("a\rb", "a%0Db")]
    [InlineData("x=1;y", "x=1;y")]
    public void EscapeProperty_Text_EscapesAlsoColonAndComma(string value, string expected) =>
        Assert.Equal(expected, WorkflowCommands.EscapeProperty(value));

    [Fact]
    public void Error_MessageAndEveryProperty_WritesEscapedCommandLine()
    {
        Commands.Error("100% blocked\nsee report", file: "gates/ci_gate_mapping.yaml", line: 12, column: 5, title: "G2: upgrade, failed");

        Assert.Equal(
            "::error title=G2%3A upgrade%2C failed,file=gates/ci_gate_mapping.yaml,line=12,col=5::100%25 blocked%0Asee report\n",
            _out.ToString());
    }

    [Theory]
    [InlineData("warning")]
    [InlineData("notice")]
    [InlineData("error")]
    public void Annotation_NoProperties_WritesBareCommand(string kind)
    {
        var commands = Commands;
        Action<string> write = kind switch
        {
            "warning" => m => commands.Warning(m),
            "notice" => m => commands.Notice(m),
            _ => m => commands.Error(m),
        };

        write("token lacks checks:write, so no check run");

        Assert.Equal($"::{kind}::token lacks checks:write, so no check run\n", _out.ToString());
    }

    [Fact]
    public void Warning_OnlyTitleAndFile_SkipsMissingProperties()
    {
        Commands.Warning("stale override", file: "a,b.yaml", title: "G4");

        Assert.Equal("::warning title=G4,file=a%2Cb.yaml::stale override\n", _out.ToString());
    }

    [Fact]
    public void GroupsAndDebug_Written_InToolkitForm()
    {
        var commands = Commands;
        commands.StartGroup("Evidence for 2ffea6d");
        commands.Debug("page 2 of check runs");
        commands.EndGroup();
        using (commands.Group("Decision"))
        {
            commands.Info("allow");
        }

        Assert.Equal(
            "::group::Evidence for 2ffea6d\n::debug::page 2 of check runs\n::endgroup::\n::group::Decision\nallow\n::endgroup::\n",
            _out.ToString());
    }

    [Fact]
    public void AddMask_Token_WritesAddMaskCommand()
    {
        Commands.AddMask("ghs_16C7e42F292c6912E7710c838347Ae178B4a");

        Assert.Equal("::add-mask::ghs_16C7e42F292c6912E7710c838347Ae178B4a\n", _out.ToString());
    }

    [Fact]
    public void AddMask_SpecialCharacters_EscapedSoTheRunnerMasksTheExactValue()
    {
        Commands.AddMask("p%ss:w,rd");

        Assert.Equal("::add-mask::p%25ss:w,rd\n", _out.ToString());
    }

    [Fact]
    public void AddMask_MultiLineSecret_MasksWholeAndEachLine()
    {
        Commands.AddMask("line-one\nline-two");

        Assert.Equal("::add-mask::line-one%0Aline-two\n::add-mask::line-one\n::add-mask::line-two\n", _out.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void AddMask_EmptySecret_WritesNothing(string secret)
    {
        Commands.AddMask(secret);

        Assert.Equal(string.Empty, _out.ToString());
    }

    [Fact]
    public void ActionRuntimeStart_Tokens_MaskedBeforeAnythingElse()
    {
        var environment = Environment(
            ("INPUT_GITHUB-TOKEN", " ghs_github "),
            ("INPUT_ORG-TOKEN", "ghp_org"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", Webhook("pull_request", "opened.payload.json")),
            ("GITHUB_REPOSITORY", "Codertocat/Hello-World"));

        var runtime = ActionRuntime.Start(environment, Sink);

        Assert.Equal("::add-mask::ghs_github\n::add-mask::ghp_org\n", _out.ToString());
        Assert.Equal(2, runtime.Context.PullRequest);
    }

    [Fact]
    public void ActionRuntimeStart_LaterInputBad_TokensAlreadyMaskedAndNotInMessage()
    {
        var environment = Environment(("INPUT_GITHUB-TOKEN", "ghs_github"), ("INPUT_DRY-RUN", "yes"));

        var ex = Assert.Throws<OdooGateAction.Core.InputException>(() => ActionRuntime.Start(environment, Sink));

        Assert.Equal("::add-mask::ghs_github\n", _out.ToString());
        Assert.DoesNotContain("ghs_github", ex.Message, StringComparison.Ordinal);
    }
}
