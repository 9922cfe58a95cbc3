using System.Globalization;
using System.Reflection;
using BanditServe.Api.Auth;
using BanditServe.Api.Dashboard;
using BanditServe.Api.Hosting;
using BanditServe.Api.Scoring;
using BanditServe.Storage;
using BanditServe.Streaming.Kafka;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>
/// Checks a process environment against the server's real configuration: every variable must name
/// a key some options class binds (found by reflection over the options classes, so a renamed or
/// misspelt key fails), and the values must pass the server's own start-time validation (the
/// options registered with ValidateOnStart by <see cref="BanditServeHostingExtensions.AddBanditServe"/>).
/// </summary>
public static class ServerConfigurationCheck
{
    /// <summary>Host settings ASP.NET Core reads from <c>ASPNETCORE_</c>/<c>DOTNET_</c> variables rather than configuration sections.</summary>
    private static readonly HashSet<string> HostVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    };

    /// <summary>Settings the .NET runtime reads only from <c>DOTNET_</c> variables, as hexadecimal byte counts (docs/operations.md, "Runtime settings").</summary>
    private static readonly HashSet<string> RuntimeVariables = new(StringComparer.Ordinal) { "DOTNET_GCgen0size" };

    /// <summary>Every problem with <paramref name="environment"/>; empty when the server would accept it.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> environment)
    {
        var problems = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in environment)
        {
            if (HostVariables.Contains(name))
            {
                problems.AddRange(HostVariableProblems(name, value));
            }
            else if (RuntimeVariables.Contains(name))
            {
                if (!value.StartsWith("0x", StringComparison.Ordinal)
                    || !long.TryParse(value.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
                    || bytes <= 0)
                {
                    problems.Add($"{name} '{value}' is not a hexadecimal byte count such as 0x2000000");
                }
            }
            else if (name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) && !name.StartsWith("DOTNET_", StringComparison.Ordinal))
            {
                settings[name.Replace("__", ":", StringComparison.Ordinal)] = value;
            }
            else
            {
                problems.Add($"{name} is not a configuration key or host setting the server reads");
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var sections = OptionsSections();
        foreach (var section in configuration.GetChildren())
        {
            if (section.Key.Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
            {
                problems.AddRange(ConnectionStringProblems(section));
            }
            else if (section.Key.Equals("Logging", StringComparison.OrdinalIgnoreCase))
            {
                problems.AddRange(LoggingProblems(section));
            }
            else if (sections.TryGetValue(section.Key, out var optionsType))
            {
                problems.AddRange(BindingProblems(section, optionsType));
            }
            else
            {
                problems.Add($"{section.Key}: no options class binds this section (known: {string.Join(", ", sections.Keys.Order(StringComparer.Ordinal))}, ConnectionStrings, Logging)");
            }
        }

        if (configuration["Kafka:BootstrapServers"] is { Length: > 0 } bootstrap)
        {
            problems.AddRange(BootstrapProblems(bootstrap));
        }

        if (problems.Count == 0)
        {
            problems.AddRange(StartupValidationProblems(settings));
        }

        return problems;
    }

    /// <summary>
    /// The configuration sections and the options classes bound to them, as the composition root binds
    /// them.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> OptionsSections() =>
        new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase)
        {
            ["Server"] = typeof(ServerOptions),
            ["Auth"] = typeof(AuthOptions),
            [StorageOptions.SectionName] = typeof(StorageOptions),
            [KafkaOptions.SectionName] = typeof(KafkaOptions),
            [DashboardOptions.SectionName] = typeof(DashboardOptions),
            ["Scoring"] = typeof(ScoringOptions),
        };

    /// <summary>Every settable key of an options class, as <c>Section:Property</c>, for documentation checks.</summary>
    public static IEnumerable<string> Keys(string section, Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || (p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(List<>)))
            .Select(p => $"{section}:{p.Name}");

    private static IEnumerable<string> BindingProblems(IConfigurationSection section, Type optionsType)
    {
        try
        {
            section.Get(optionsType, binder => binder.ErrorOnUnknownConfiguration = true);
            return [];
        }
        catch (InvalidOperationException exception)
        {
            return [$"{section.Key}: {exception.Message}{(exception.InnerException is { } inner ? " " + inner.Message : "")}"];
        }
    }

    private static IEnumerable<string> ConnectionStringProblems(IConfigurationSection section)
    {
        foreach (var entry in section.GetChildren())
        {
            if (!entry.Key.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"ConnectionStrings:{entry.Key}: the server reads only ConnectionStrings:Postgres";
                continue;
            }

            string? problem = null;
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(entry.Value);
                if (string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database) || string.IsNullOrEmpty(builder.Username))
                {
                    problem = "ConnectionStrings:Postgres must name Host, Database and Username";
                }
            }
            catch (ArgumentException exception)
            {
                problem = $"ConnectionStrings:Postgres is not an Npgsql connection string: {exception.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> LoggingProblems(IConfigurationSection logging)
    {
        foreach (var child in logging.GetChildren())
        {
            if (child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var level in child.GetChildren().Where(l => !Enum.TryParse<LogLevel>(l.Value, ignoreCase: true, out _)))
                {
                    yield return $"Logging:LogLevel:{level.Key} = '{level.Value}' is not a log level";
                }
            }
            else if (child.Key.Equals("Console", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var problem in BindingProblems(child, typeof(ConsoleLoggerOptions)))
                {
                    yield return "Logging:" + problem;
                }

                if (child["FormatterName"] is { } formatter
                    && !new[] { ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd }.Contains(formatter, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"Logging:Console:FormatterName = '{formatter}' is not a console formatter";
                }
            }
            else
            {
                yield return $"Logging:{child.Key}: only Logging:LogLevel and Logging:Console are used";
            }
        }
    }

    private static IEnumerable<string> BootstrapProblems(string bootstrap)
    {
        foreach (var server in bootstrap.Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                yield return $"Kafka:BootstrapServers entry '{server}' is not host:port";
            }
        }
    }

    private static IEnumerable<string> HostVariableProblems(string name, string value)
    {
        switch (name)
        {
            case "ASPNETCORE_URLS":
                foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (ListenAddress.TryParse(url) is null)
                    {
                        yield return $"ASPNETCORE_URLS entry '{url}' is not http(s)://host:port";
                    }
                }

                break;
            case "ASPNETCORE_HTTP_PORTS":
                if (value.Split(';', StringSplitOptions.RemoveEmptyEntries).Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
                {
                    yield return $"ASPNETCORE_HTTP_PORTS '{value}' is not a list of ports";
                }

                break;
            default:
                if (string.IsNullOrWhiteSpace(value))
                {
                    yield return $"{name} must name an environment";
                }

                break;
        }
    }

    /// <summary>Builds the real server host (not started) and runs its start-time options validation.</summary>
    private static IEnumerable<string> StartupValidationProblems(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBanditServe();
        using var app = builder.Build();
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
        catch (AggregateException exception)
        {
            return [.. exception.InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message])];
        }
    }
}
