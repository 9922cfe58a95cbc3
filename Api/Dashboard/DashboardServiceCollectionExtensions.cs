using BanditServe.Api.Dashboard;
using BanditServe.Api.Dashboard.Activity;
using BanditServe.Api.Dashboard.Evaluations;
using BanditServe.Api.Dashboard.Explanations;
using BanditServe.Api.Dashboard.Views;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the operator dashboard's stores, its sampler and its JSON metadata.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard services; map the page and its API with <c>MapDashboardEndpoints</c>.</summary>
    /// <param name="services">The server's services.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddBanditDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DecisionExplanations>();
        services.AddSingleton<DecisionLogLookup>();
        services.AddSingleton<CandidateRankings>();
        services.AddSingleton<DecisionExplainer>();
        services.AddSingleton<SurfaceActivity>();
        services.AddHostedService<SurfaceActivitySamplingService>();
        services.AddSingleton<EvaluationReports>();
        services.AddSingleton<ItemSummaries>();
        services.AddSingleton<DashboardServices>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DashboardJsonContext.Default));
        return services;
    }
}
