namespace OdooGateAction.Core.Tests;

/// <summary>Secrets, known and by shape, never reach a message.</summary>
public sealed class RedactionTests
{
    private const string Token = "s3cr3t-T0ken-value";

    [Fact]
    public void Redact_KnownSecret_EveryOccurrenceMasked()
    {
        Assert.Equal("Bad credentials: *** (***)", Redaction.Redact($"Bad credentials: {Token} ({Token})", [Token]));
    }

    [Fact]
    public void Redact_SecretAndALongerOneContainingIt_LongestMaskedWhole()
    {
        Assert.Equal("a *** b ***", Redaction.Redact("a abcdef b abc", ["abc", "abcdef"]));
    }

    [Fact]
    public void Redact_MultiLineSecret_EachLineMaskedToo()
    {
        Assert.Equal("first *** then ***", Redaction.Redact("first line-one then line-two", ["line-one\nline-two"]));
    }

    [Fact]
    public void Redact_UrlEscapedSecret_Masked()
    {
        Assert.Equal("?q=***", Redaction.Redact("?q=p%40ss%2Fw%3Ard", ["p@ss/w:rd"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Redact_BlankSecret_Ignored(string? secret)
    {
        Assert.Equal("nothing hidden here", Redaction.Redact("nothing hidden here", [secret]));
    }

    [Theory]
    [InlineData("clone https://user:pass@github.com/acme/odoo.git", "clone https://***@github.com/acme/odoo.git")]
    [InlineData("https://x-access-token:abc123@github.com", "https://***@github.com")]
    [InlineData("see postgresql://app:pw%40x@db.example:5432/ops", "see postgresql://***@db.example:5432/ops")]
    [InlineData("no credentials: https://github.com/acme@2 and mail@example.com", "no credentials: https://github.com/acme@2 and mail@example.com")]
    [InlineData("GET /repos/a/b?access_token=abc123&page=2", "GET /repos/a/b?access_token=***&page=2")]
    [InlineData("ACCESS_TOKEN=abc123", "ACCESS_TOKEN=***")]
    [InlineData("Host=db;Username=app;Password=p@ss w0rd;Database=ops", "Host=db;Username=app;Password=***;Database=ops")]
    [InlineData("Host=db;Password='quoted;value';Database=ops", "Host=db;Password=***;Database=ops")]
    [InlineData("Pwd = hunter2; Server=x", "Pwd = ***; Server=x")]
    [InlineData("client_secret=xyz&refresh_token=r1&id_token=i1", "client_secret=***&refresh_token=***&id_token=***")]
    [InlineData("Authorization: Bearer abcdefgh12345678", "Authorization: Bearer ***")]
    [InlineData("leaked ghp_0123456789abcdefghijABCDEFGHIJ012345 here", "leaked *** here")]
    [InlineData("installation ghs_16C7e42F292c6912E7710c838347Ae178B4a", "installation ***")]
    [InlineData("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "***")]
    [InlineData("sha a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70 and ghs_short", "sha a1f3c9d27e4b58f0c6d2e8b7a9c01f4e3d5b6a70 and ghs_short")]
    [InlineData("stop-commands token is not a parameter", "stop-commands token is not a parameter")]
    public void RedactShapes_CredentialShapes_Masked(string text, string expected)
    {
        Assert.Equal(expected, Redaction.RedactShapes(text));
        Assert.Equal(expected, Redaction.Redact(text, []));
    }

    [Fact]
    public void RedactShapes_AlreadyRedacted_Unchanged()
    {
        const string text = "https://***@h?access_token=***&password=*** Bearer ***";

        Assert.Equal(text, Redaction.RedactShapes(text));
    }
}
