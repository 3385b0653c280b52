using CsCheck;
using Npgsql;
using OdooGateAction.Core;

namespace OdooGateAction.ControlPlane.Tests;

/// <summary>Both forms of connection string, normalised for Supabase's transaction pooler; errors never quote the password.</summary>
public sealed class ConnectionStringTests
{
    private const string Source = "input 'control-plane'";

    [Fact]
    public void Uri_SupabasePoolerForm_IsParsedAndNormalised()
    {
        var connection = ControlPlaneConnection.Parse(
            "postgresql://postgres.abcdefghijklmnop:s3cr%40t%2Fpw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require", Source);
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);

        Assert.Equal(("aws-0-eu-central-1.pooler.supabase.com", 6543, "postgres", "postgres.abcdefghijklmnop", "s3cr@t/pw"),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password));
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal((0, true), (builder.MaxAutoPrepare, builder.NoResetOnClose));
        Assert.Equal((ControlPlaneConnection.DefaultTimeoutSeconds, ControlPlaneConnection.DefaultCommandTimeoutSeconds), (builder.Timeout, builder.CommandTimeout));
        Assert.Equal("odoo-gate-action", builder.ApplicationName);
        Assert.Equal("s3cr@t/pw", connection.Password);
        Assert.Equal("postgres.abcdefghijklmnop@aws-0-eu-central-1.pooler.supabase.com:6543/postgres", connection.Describe());
        Assert.DoesNotContain("s3cr", connection.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u:p@h/db", "h", 5432, "db")]
    [InlineData("postgresql://u:p@[::1]:6543/db", "::1", 6543, "db")]
    [InlineData("postgresql://u:p@h:5433", "h", 5433, "u")]
    [InlineData("postgresql://u:p@@h/db", "h", 5432, "db")]
    [InlineData("postgresql://h/db?user=u&password=p&connect_timeout=5&application_name=ci", "h", 5432, "db")]
    public void Uri_Variants_AreParsed(string uri, string host, int port, string database)
    {
        var connection = ControlPlaneConnection.Parse(uri, Source);

        Assert.Equal((host, port, database), (connection.Host, connection.Port, connection.Database));
    }

    [Fact]
    public void Keywords_AreParsedAndPreparedStatementsAreTurnedOffAndTimeoutsBounded()
    {
        var connection = ControlPlaneConnection.Parse("Host=db.example;Port=6543;Username=gates;Password=pw;Database=postgres;Max Auto Prepare=20;Timeout=0;Command Timeout=0;SSL Mode=Require", Source);
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);

        Assert.Equal(("db.example", 6543, 0, SslMode.Require), (builder.Host, builder.Port, builder.MaxAutoPrepare, builder.SslMode));
        Assert.Equal((ControlPlaneConnection.DefaultTimeoutSeconds, ControlPlaneConnection.MaxCommandTimeoutSeconds), (builder.Timeout, builder.CommandTimeout));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("postgresql://u:topsecret@/db", "names no host")]
    [InlineData("postgresql://u:topsecret@h:99999/db", "has the port '99999'; a port is a number from 1 to 65535")]
    [InlineData("postgresql://u:topsecret@h1,h2/db", "names several hosts")]
    [InlineData("postgresql://u:topsecret@h/db?sslmode=maybe", "has sslmode 'maybe'; allowed: disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgresql://u:topsecret@h/db?krbsrvname=x", "has the URI parameter 'krbsrvname', which is not supported here")]
    [InlineData("postgresql://u:top%zzsecret@h/db", "the password is not validly percent-encoded")]
    [InlineData("mysql://u:topsecret@h/db", "looks like a URI but does not start with postgresql:// or postgres://")]
    [InlineData("Host=h;Password=topsecret;Frobnicate=1", "is not a valid connection string")]
    [InlineData("Password=topsecret;Database=x", "names no host")]
    [InlineData("postgresql://u:topsecret@h/db\nHost=x", "spans several lines")]
    public void Bad_IsAnInputErrorNamingTheSourceWithoutThePassword(string text, string expected)
    {
        var error = Assert.Throws<InputException>(() => ControlPlaneConnection.Parse(text, Source));

        Assert.StartsWith(Source, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("topsecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SecretsOf_IsTheWholeStringAndThePassword_EvenForABrokenString()
    {
        Assert.Equal(["postgresql://u:p%40ss@h/db", "p@ss"], ControlPlaneConnection.SecretsOf(" postgresql://u:p%40ss@h/db "));
        Assert.Equal(["postgresql://u:p@h/db?sslmode=maybe"], ControlPlaneConnection.SecretsOf("postgresql://u:p@h/db?sslmode=maybe"));
        Assert.Empty(ControlPlaneConnection.SecretsOf("  "));
    }

    /// <summary>Any password, percent-encoded in a URI, comes back exactly; no error about the URI ever shows it.</summary>
    [Fact]
    public void Uri_AnyPassword_RoundTripsAndNeverAppearsInAnError()
    {
        Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 1, 40].Where(p => p.Trim().Length > 3).Sample(password =>
        {
            var encoded = Uri.EscapeDataString(password);
            var good = ControlPlaneConnection.Parse($"postgresql://gates:{encoded}@db.example:6543/postgres?sslmode=require", Source);
            Assert.Equal(password, good.Password);
            Assert.Equal(password, new NpgsqlConnectionStringBuilder(good.ConnectionString).Password);

            var bad = Assert.Throws<InputException>(() => ControlPlaneConnection.Parse($"postgresql://gates:{encoded}@db.example:6543/postgres?sslmode=sometimes", Source));
            Assert.DoesNotContain(password, bad.Message, StringComparison.Ordinal);
        }, iter: 500);
    }
}
