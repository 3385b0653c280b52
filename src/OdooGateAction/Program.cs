using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OdooGateAction;

// Composition root. The exit code is decided in one place: CliApplication.RunAsync returns it, Main returns it.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Services.AddOdooGateAction(OutputSink.ForConsole());
using var host = builder.Build();
return await host.Services.GetRequiredService<CliApplication>().RunAsync(args).ConfigureAwait(false);
