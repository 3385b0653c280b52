using System.Text.Json.Nodes;

namespace OdooGateAction.Conformance;

/// <summary>
/// Where GitHub's official OpenAPI description is: the npm package <c>@octokit/openapi</c>, pinned in
/// <c>tests/openapi/package.json</c> and installed by <c>npm ci --prefix tests/openapi</c> (which <c>.ci/run</c> runs
/// before the tests). <c>ODOO_GATES_OPENAPI_DIR</c> may name another folder holding its <c>generated/</c> files.
/// </summary>
public static class OpenApiPackage
{
    public const string Name = "@octokit/openapi";

    /// <summary>The version <c>tests/openapi/package.json</c> pins; the installed package must be this one.</summary>
    public const string Version = "23.0.2";

    public const string InstallCommand = "npm ci --prefix tests/openapi";

    /// <summary>The description of github.com.</summary>
    public const string GitHubCom = "api.github.com.json";

    /// <summary>The oldest GitHub Enterprise Server the action supports (through <c>GITHUB_API_URL</c>).</summary>
    public const string Ghes317 = "ghes-3.17.json";

    /// <summary>The path of one of the package's <c>generated/</c> files; throws with the way to install it when it is missing.</summary>
    public static string File(string name) =>
        File(name, AppContext.BaseDirectory, Environment.GetEnvironmentVariable("ODOO_GATES_OPENAPI_DIR"));

    /// <summary>
    /// The same, looking in <paramref name="configured"/> (a package folder) first, then in
    /// <c>tests/openapi/node_modules/@octokit/openapi</c> below <paramref name="searchFrom"/> and each folder above it.
    /// </summary>
    public static string File(string name, string searchFrom, string? configured)
    {
        var package = PackageDirectory(searchFrom, configured);
        var file = Path.Combine(package, "generated", name);
        if (!System.IO.File.Exists(file))
        {
            throw new OpenApiMissingException($"{package} has no generated/{name}. {HowToInstall}");
        }

        return file;
    }

    private static string HowToInstall =>
        $"GitHub's OpenAPI description ({Name} {Version}) is needed by the conformance checks: run `{InstallCommand}` in the " +
        "repository root (.ci/run does it before the tests; it needs node and npm).";

    private static string PackageDirectory(string searchFrom, string? configured)
    {
        var candidates = new List<string>();
        if (configured is { Length: > 0 })
        {
            candidates.Add(configured);
        }

        for (var directory = new DirectoryInfo(searchFrom); directory is not null; directory = directory.Parent)
        {
            candidates.Add(Path.Combine(directory.FullName, "tests", "openapi", "node_modules", "@octokit", "openapi"));
        }

        var found = candidates.FirstOrDefault(c => System.IO.File.Exists(Path.Combine(c, "package.json")))
            ?? throw new OpenApiMissingException($"{Name} is not installed (looked for tests/openapi/node_modules in {searchFrom} and above). {HowToInstall}");
        var version = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(found, "package.json")))?["version"]?.GetValue<string>();
        return version == Version
            ? found
            : throw new OpenApiMissingException($"{found} holds {Name} {version ?? "(no version)"}, not the pinned {Version}. {HowToInstall}");
    }
}

/// <summary>GitHub's OpenAPI description is not installed (or not the pinned version): a failure, never a skip.</summary>
public sealed class OpenApiMissingException : Exception
{
    public OpenApiMissingException()
    {
    }

    public OpenApiMissingException(string message)
        : base(message)
    {
    }

    public OpenApiMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
