using System.Runtime.CompilerServices;

namespace OdooGateAction.Testing;

/// <summary>
/// Golden-file assertions: the expected text lives beside the test in <c>Golden/</c>. To accept a deliberate
/// change, run the tests with <c>UPDATE_GOLDEN=1</c> and review the diff of the golden files before committing.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string actual, string fileName, [CallerFilePath] string testFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = Path.Combine(Path.GetDirectoryName(testFile)!, "Golden", fileName);
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it, then review it");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!string.Equals(expected, normalized, StringComparison.Ordinal))
        {
            var at = FirstDifference(expected, normalized);
            Assert.Fail($"{fileName} differs from the golden file at line {at.Line}:\n  expected: {at.Expected}\n  actual:   {at.Actual}\n(UPDATE_GOLDEN=1 rewrites it after a deliberate change)");
        }
    }

    private static (int Line, string Expected, string Actual) FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (!string.Equals(el, al, StringComparison.Ordinal))
            {
                return (i + 1, el, al);
            }
        }

        return (0, string.Empty, string.Empty);
    }
}
