using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using OdooGateAction.Testing;

namespace OdooGateAction.Tests;

/// <summary>Runs the CLI in-process with captured output and a fixed clock.</summary>
internal static class CliHarness
{
    /// <summary>Wednesday 2026-11-18 10:00 UTC: outside the production freeze window of the shipped gates.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.Zero);

    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, .. parts]);

    public static Task<(int ExitCode, string Out, string Error)> RunAsync(DateTimeOffset? now, params string[] args) =>
        RunAsync(now, null, args);

    /// <param name="environment">The variables the app sees (GITHUB_TOKEN, ...); the process's own when null.</param>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(DateTimeOffset? now, OdooGateAction.Runtime.IActionEnvironment? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var services = new ServiceCollection()
            .AddOdooGateAction(new OutputSink(stdout, stderr), new FakeTimeProvider(now ?? Now), environment)
            .BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            var code = await services.GetRequiredService<CliApplication>().RunAsync(args).ConfigureAwait(false);
            return (code, stdout.ToString(), stderr.ToString());
        }
    }

    public static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunAsync(null, args);
}
