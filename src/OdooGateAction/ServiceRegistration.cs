using Microsoft.Extensions.DependencyInjection;
using OdooGateAction.Commands;
using OdooGateAction.Core.Evaluation;
using OdooGateAction.Runtime;

namespace OdooGateAction;

public static class ServiceRegistration
{
    /// <summary>Registers everything the CLI needs; <paramref name="sink"/> is the only way it prints.</summary>
    public static IServiceCollection AddOdooGateAction(this IServiceCollection services, OutputSink sink, TimeProvider? time = null, IActionEnvironment? environment = null)
    {
        services.AddSingleton(sink);
        services.AddSingleton(environment ?? ProcessActionEnvironment.Instance);
        services.AddSingleton<GitHubClientFactory>();
        services.AddSingleton<ActionCommand>();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<GateEvaluator>();
        services.AddSingleton<EvaluateCommand>();
        services.AddSingleton<ValidateCommand>();
        services.AddSingleton<DocsCommand>();
        services.AddSingleton<ControlPlaneCommand>();
        services.AddSingleton<CliApplication>();
        return services;
    }
}
