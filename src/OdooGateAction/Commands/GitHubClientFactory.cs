using System.Globalization;
using OdooGateAction.Core;
using OdooGateAction.Core.Configuration;
using OdooGateAction.GitHub.Rest;
using OdooGateAction.Runtime;

namespace OdooGateAction.Commands;

/// <summary>
/// Builds the GitHub client. Tuning for unusual networks (and the tests) through environment variables:
/// <c>ODOO_GATES_MAX_RETRIES</c> (4), <c>ODOO_GATES_RETRY_DELAY</c> (1s, doubling with jitter),
/// <c>ODOO_GATES_ATTEMPT_TIMEOUT</c> (30s), <c>ODOO_GATES_RATE_LIMIT_BUDGET</c> (2m; at least the wait timeout).
/// </summary>
public sealed class GitHubClientFactory(IActionEnvironment environment, TimeProvider time)
{
    public GitHubRestClient Create(string apiUrl, string token, TimeSpan waitTimeout, GitHubRequestStats stats)
    {
        var options = new GitHubClientOptions(apiUrl, token);
        var budget = Duration("ODOO_GATES_RATE_LIMIT_BUDGET", options.RateLimitWaitBudget);
        options = options with
        {
            MaxRetries = Retries(options.MaxRetries),
            BaseDelay = Duration("ODOO_GATES_RETRY_DELAY", options.BaseDelay),
            AttemptTimeout = Duration("ODOO_GATES_ATTEMPT_TIMEOUT", options.AttemptTimeout),
            RateLimitWaitBudget = budget > waitTimeout ? budget : waitTimeout,
        };
        return GitHubRestClient.Create(options, time, stats);
    }

    private int Retries(int fallback)
    {
        var text = environment.GetNonEmpty("ODOO_GATES_MAX_RETRIES");
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 10
            ? value
            : throw new InputException($"ODOO_GATES_MAX_RETRIES must be a whole number from 0 to 10, got '{text}'");
    }

    private TimeSpan Duration(string name, TimeSpan fallback) => Duration(environment, name, fallback);

    /// <summary>A duration from an environment variable (<c>90s</c>, <c>10ms</c>), or <paramref name="fallback"/> when unset.</summary>
    internal static TimeSpan Duration(IActionEnvironment environment, string name, TimeSpan fallback)
    {
        var text = environment.GetNonEmpty(name);
        if (text is null)
        {
            return fallback;
        }

        return DurationParser.TryParse(text, out var value, out var error) ? value : throw new InputException($"{name}: {error}");
    }
}
