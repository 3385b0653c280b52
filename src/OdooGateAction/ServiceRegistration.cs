using Microsoft.Extensions.DependencyInjection;
using OdooGateAction.Commands;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Runtime;

namespace OdooGateAction;

public static class ServiceRegistration
{
    /// <summary>Registers everything the CLI needs; <paramref name="console"/> is where it writes.</summary>
    public static IServiceCollection AddOdooGateAction(this IServiceCollection services, ConsoleStreams console, TimeProvider? time = null, IActionEnvironment? environment = null)
    {
        services.AddSingleton(console);
        services.AddSingleton(environment ?? ProcessActionEnvironment.Instance);
        services.AddSingleton<GitHubClientFactory>();
        services.AddSingleton<ActionCommand>();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<GateEvaluator>();
        services.AddSingleton<EvaluateCommand>();
        services.AddSingleton<ValidateCommand>();
        services.AddSingleton<CliApplication>();
        return services;
    }
}
