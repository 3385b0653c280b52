using System.Globalization;
using Npgsql;
using OdooGateAction.Core;

namespace OdooGateAction.ControlPlane;

/// <summary>
/// A control-plane connection string, checked once: the URI form Supabase shows
/// (<c>postgresql://user:password@host:port/db?sslmode=require</c>, also <c>postgres://</c>) or Npgsql's keyword form
/// (<c>Host=...;Username=...;Password=...</c>). Normalised for Supabase's transaction pooler: no server-side prepared
/// statements (<c>Max Auto Prepare=0</c>, always), <c>No Reset On Close</c>, bounded timeouts. A bad string is an
/// <see cref="InputException"/> naming its source and what is wrong, never quoting the string or its password.
/// </summary>
public sealed class ControlPlaneConnection
{
    /// <summary>The environment variable the CLI reads when no <c>--control-plane</c> is given.</summary>
    public const string EnvironmentVariable = "ODOO_GATES_CONTROL_PLANE";

    /// <summary>Connect timeout (seconds) when the string sets none; a larger one is lowered to <see cref="MaxTimeoutSeconds"/>.</summary>
    public const int DefaultTimeoutSeconds = 15;

    public const int MaxTimeoutSeconds = 60;

    /// <summary>Command timeout (seconds) when the string sets none; a larger one (or 0, no limit) is lowered to <see cref="MaxCommandTimeoutSeconds"/>.</summary>
    public const int DefaultCommandTimeoutSeconds = 30;

    public const int MaxCommandTimeoutSeconds = 300;

    private const string Shape = "a PostgreSQL URI (postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require) or a keyword string (Host=HOST;Port=PORT;Username=USER;Password=PASSWORD;Database=DATABASE)";

    private ControlPlaneConnection(string connectionString, string? password, string host, int port, string database, string? user)
    {
        ConnectionString = connectionString;
        Password = password;
        Host = host;
        Port = port;
        Database = database;
        User = user;
    }

    /// <summary>Npgsql's keyword form, normalised (holds the password: never print it).</summary>
    public string ConnectionString { get; }

    /// <summary>The password, to register as a secret; null when the string has none.</summary>
    public string? Password { get; }

    public string Host { get; }

    public int Port { get; }

    public string Database { get; }

    public string? User { get; }

    /// <summary>Where it connects, for log lines: <c>user@host:port/db</c>, never the password.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{(User is null ? string.Empty : User + "@")}{Host}:{Port}/{Database}");

    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in errors (<c>input 'control-plane'</c>).</summary>
    public static ControlPlaneConnection Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(source);
        text = text.Trim();
        if (text.Length == 0)
        {
            throw new InputException($"{source} is empty; it must be {Shape}");
        }

        if (text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
        {
            throw new InputException($"{source} spans several lines; a connection string is one line (check the secret that sets it)");
        }

        var builder = IsUri(text) ? FromUri(text, source) : FromKeywords(text, source);
        return Normalise(builder, source);
    }

    /// <summary>
    /// What to mask before anything is checked or printed: the whole string and, when one can be found, its password
    /// (never throws: a string too broken to parse is still masked whole).
    /// </summary>
    public static IReadOnlyList<string> SecretsOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var secrets = new List<string> { text.Trim() };
        try
        {
            if (Parse(text, "the connection string").Password is { Length: > 0 } password)
            {
                secrets.Add(password);
            }
        }
        catch (InputException)
        {
            // Masked whole; the error is reported where the input is read.
        }

        return secrets;
    }

    private static bool IsUri(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromUri(string text, string source)
    {
        var rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        string? query = null;
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        string? database = null;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            database = Decode(rest[(slash + 1)..], source, "the database name");
            rest = rest[..slash];
        }

        // The user part ends at the last '@' (a password may contain '@' when not percent-encoded).
        string? user = null;
        string? password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            user = Decode(colon >= 0 ? userInfo[..colon] : userInfo, source, "the user name");
            password = colon >= 0 ? Decode(userInfo[(colon + 1)..], source, "the password") : null;
        }

        if (rest.Contains(',', StringComparison.Ordinal))
        {
            throw new InputException($"{source} names several hosts; give one host (Supabase: the pooler host)");
        }

        string host;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InputException($"{source} has an IPv6 host without its closing ']'; it must be {Shape}");
            }

            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                portText = after.StartsWith(':') ? after[1..] : throw new InputException($"{source} has text after the IPv6 host; it must be {Shape}");
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            portText = colon >= 0 ? rest[(colon + 1)..] : null;
            host = Decode(host, source, "the host");
        }

        if (host.Length == 0)
        {
            throw new InputException($"{source} names no host; it must be {Shape}");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = host };
        if (portText is { Length: > 0 })
        {
            builder.Port = int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                ? port
                : throw new InputException($"{source} has the port '{InputText.Excerpt(portText, 12)}'; a port is a number from 1 to 65535");
        }

        if (user is { Length: > 0 })
        {
            builder.Username = user;
        }

        if (password is not null)
        {
            builder.Password = password;
        }

        if (database is { Length: > 0 })
        {
            builder.Database = database;
        }

        foreach (var pair in (query ?? string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals >= 0 ? pair[..equals] : pair, source, "a parameter name");
            var value = equals >= 0 ? Decode(pair[(equals + 1)..], source, $"the parameter '{name}'") : string.Empty;
            ApplyUriParameter(builder, name, value, source);
        }

        return builder;
    }

    /// <summary>libpq's URI parameters that mean something here (the others are refused by name).</summary>
    private static void ApplyUriParameter(NpgsqlConnectionStringBuilder builder, string name, string value, string source)
    {
        switch (name)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new InputException($"{source} has sslmode '{InputText.Excerpt(value, 20)}'; allowed: disable, allow, prefer, require, verify-ca, verify-full"),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = Seconds(value, source, name);
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "port":
                builder.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
                    ? port
                    : throw new InputException($"{source} has the port '{InputText.Excerpt(value, 12)}'; a port is a number from 1 to 65535");
                break;
            case "target_session_attrs" or "options" or "pgbouncer" or "supa":
                break; // what Supabase's own URIs may carry; nothing to do with one host and no session state
            default:
                throw new InputException($"{source} has the URI parameter '{InputText.Excerpt(name, 40)}', which is not supported here; supported: sslmode, sslrootcert, application_name, connect_timeout, user, password, dbname, port");
        }
    }

    private static int Seconds(string value, string source, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new InputException($"{source} has {name} '{InputText.Excerpt(value, 12)}'; it must be a whole number of seconds");

    /// <summary>Percent-decoding as libpq does it: a <c>%</c> must start two hexadecimal digits.</summary>
    private static string Decode(string text, string source, string what)
    {
        for (var i = text.IndexOf('%', StringComparison.Ordinal); i >= 0; i = text.IndexOf('%', i + 1))
        {
            if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
            {
                throw new InputException($"{source}: {what} is not validly percent-encoded (a % must start two hexadecimal digits, like %40 for @)");
            }
        }

        return Uri.UnescapeDataString(text);
    }

    private static NpgsqlConnectionStringBuilder FromKeywords(string text, string source)
    {
        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw new InputException($"{source} looks like a URI but does not start with postgresql:// or postgres://; it must be {Shape}");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message names a keyword, never a value; still, only the keyword name is repeated here.
            var keyword = ex is ArgumentException { ParamName: { Length: > 0 } parameter } ? $" (keyword '{InputText.Excerpt(parameter, 40)}')" : string.Empty;
            throw new InputException($"{source} is not a valid connection string{keyword}: {Redaction.RedactShapes(ex.Message)}; it must be {Shape}", ex);
        }
    }

    private static ControlPlaneConnection Normalise(NpgsqlConnectionStringBuilder builder, string source)
    {
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InputException($"{source} names no host; it must be {Shape}");
        }

        if (builder.Host.Contains(',', StringComparison.Ordinal))
        {
            throw new InputException($"{source} names several hosts; give one host (Supabase: the pooler host)");
        }

        // Supabase's transaction pooler keeps no prepared statements between transactions, and a connection there is
        // another server connection on the next transaction: never prepare, never reset session state.
        builder.MaxAutoPrepare = 0;
        builder.NoResetOnClose = true;
        builder.Timeout = builder.Timeout is <= 0 or > MaxTimeoutSeconds ? (builder.Timeout <= 0 ? DefaultTimeoutSeconds : MaxTimeoutSeconds) : builder.Timeout;
        builder.CommandTimeout = builder.CommandTimeout is <= 0 or > MaxCommandTimeoutSeconds ? MaxCommandTimeoutSeconds : builder.CommandTimeout;
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "odoo-gate-action";
        }

        var database = string.IsNullOrEmpty(builder.Database) ? builder.Username ?? "postgres" : builder.Database;
        return new ControlPlaneConnection(builder.ConnectionString, builder.Password, builder.Host, builder.Port, database, builder.Username);
    }

    /// <summary>Never the connection string: it holds the password.</summary>
    public override string ToString() => Describe();
}
