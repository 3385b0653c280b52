namespace OdooGateAction.Tests.Runtime;

/// <summary>The one output sink: every line it writes is redacted and neutralised, and only its workflow commands start with <c>::</c>.</summary>
public sealed class OutputSinkTests : IDisposable
{
    private const string Token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();
    private readonly OutputSink _sink;

    public OutputSinkTests() => _sink = new OutputSink(_out, _err);

    public void Dispose()
    {
        _out.Dispose();
        _err.Dispose();
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("esc \u001b[31mred\u001b[0m", "esc \\u001b[31mred\\u001b[0m")]
    [InlineData("bare\rcr", "bare\\rcr")]
    [InlineData("crlf\r\nnext", "crlf\\r\\nnext")]
    [InlineData("lf\n::set-output name=decision::allow", "lf\\n::set-output name=decision::allow")]
    [InlineData("sep\u2028\u2029", "sep\\u2028\\u2029")]
    [InlineData("c0 \u0000\u0007 c1 \u0085\u009b del \u007f", "c0 \\u0000\\u0007 c1 \\u0085\\u009b del \\u007f")]
    [InlineData("bidi \u202Eevil \u2066x", "bidi \\u202eevil \\u2066x")]
    [InlineData("::stop-commands::pwned", "\\::stop-commands::pwned")]
    [InlineData("   ::add-mask::x", "\\   ::add-mask::x")]
    [InlineData("mid ##[set-output name=decision]allow", "mid #\\u0023[set-output name=decision]allow")]
    public void Line_EachClass_OneInertLineOnEachStream(string message, string expected)
    {
        _sink.Out.Line(message);
        _sink.Error.Line(message);

        Assert.Equal(expected + "\n", _out.ToString());
        Assert.Equal(expected + "\n", _err.ToString());
    }

    [Fact]
    public void Text_SeveralLines_EachNeutralisedAndGuarded()
    {
        _sink.Out.Text("merge: BLOCKED\n::set-output name=decision::allow\nlast\r::x\n");

        Assert.Equal("merge: BLOCKED\n\\::set-output name=decision::allow\nlast\\r::x\n", _out.ToString());
    }

    [Fact]
    public void Line_SecretRegisteredBefore_Redacted()
    {
        _sink.AddSecret(Token);

        _sink.Error.Line($"GitHub answered 401: Bad credentials for token {Token}");

        Assert.Equal("GitHub answered 401: Bad credentials for token ***\n", _err.ToString());
    }

    [Fact]
    public void Line_SecretRegisteredAfter_RedactedFromThenOn()
    {
        const string secret = "not-shaped-like-a-token-42";
        _sink.Out.Line($"before {secret}");

        _sink.AddSecret(secret);
        _sink.Out.Line($"after {secret}");

        Assert.Equal($"before {secret}\nafter ***\n", _out.ToString());
    }

    [Fact]
    public void Line_SecretWithACharacterTheNeutraliserChanges_RedactedWhole()
    {
        _sink.AddSecret("pa\u001bss\nword");

        _sink.Out.Line("x pa\u001bss\nword y");

        Assert.Equal("x *** y\n", _out.ToString());
    }

    [Theory]
    [InlineData("fetch https://user:pass@example.com/x failed", "fetch https://***@example.com/x failed")]
    [InlineData("GET /repos/a/b/pulls?access_token=abc123&page=2", "GET /repos/a/b/pulls?access_token=***&page=2")]
    [InlineData("Host=db;Password=hunter2;Database=ops", "Host=db;Password=***;Database=ops")]
    [InlineData("quoted ghp_0123456789abcdefghijABCDEFGHIJ012345 in a body", "quoted *** in a body")]
    public void Line_UnregisteredCredentialShapes_Redacted(string message, string expected)
    {
        _sink.Error.Line(message);

        Assert.Equal(expected + "\n", _err.ToString());
    }

    [Fact]
    public void Commands_AddMaskFirst_VerbatimThenRedactedEverywhereElse()
    {
        _sink.Commands.AddMask(Token);
        _sink.Commands.Error($"no decision: GitHub said {Token}\u001b[0m\nsecond line", title: $"odoo-gates {Token}");
        _sink.Commands.Log.Line($"echo {Token}");

        Assert.Equal(
            $"::add-mask::{Token}\n::error title=odoo-gates ***::no decision: GitHub said ***\\u001b[0m%0Asecond line\necho ***\n",
            _out.ToString());
    }

    [Fact]
    public void Commands_HostileMessage_CannotStartAnotherCommand()
    {
        _sink.Commands.Warning("x\n::set-output name=decision::allow\r::stop-commands::pwned", title: "t\n::add-mask::x");

        var line = Assert.Single(_out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("::warning title=t%0A%3A%3Aadd-mask%3A%3Ax::x%0A::set-output name=decision::allow%0D::stop-commands::pwned", line);
    }

    [Fact]
    public void OpenWriter_SecretWrittenInPieces_RedactedWhole()
    {
        _sink.AddSecret(Token);
        using (var writer = _sink.Error.OpenWriter())
        {
            writer.Write("error: token ");
            writer.Write(Token[..10]);
            writer.Flush(); // a flush does not cut the line
            writer.Write(Token[10..]);
            writer.Write(" refused\r\n::set-output name=decision::allow\nunfinished ");
            writer.Write('\u001b');
        }

        Assert.Equal("error: token *** refused\n\\::set-output name=decision::allow\nunfinished \\u001b\n", _err.ToString());
    }

    [Fact]
    public void Streams_OnlyCommandsStartWithDoubleColon()
    {
        _sink.Commands.AddMask(Token);
        _sink.Commands.StartGroup("::group::nested");
        _sink.Out.Line("::endgroup::");
        _sink.Error.Line("::error::forged");
        _sink.Commands.EndGroup();

        Assert.Equal(["::add-mask::" + Token, "::group::::group::nested", "\\::endgroup::", "::endgroup::", ""], _out.ToString().Split('\n'));
        Assert.Equal("\\::error::forged\n", _err.ToString());
    }
}
