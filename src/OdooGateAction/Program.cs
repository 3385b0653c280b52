using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OdooGateAction;

// Composition root. The exit code is decided in one place: CliApplication.RunAsync returns it, Main returns it.
// SIGTERM and SIGINT cancel the run (exit 3, no record half-written); ShutdownSignals ends it if it does not stop soon.
var sink = OutputSink.ForConsole();
using var signals = new ShutdownSignals(sink.Error);
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.Services.AddOdooGateAction(sink);
using var host = builder.Build();
return await host.Services.GetRequiredService<CliApplication>().RunAsync(args, signals.Token).ConfigureAwait(false);
