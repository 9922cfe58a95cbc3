namespace BanditServe.EndToEnd.Tests.Deployment;

/// <summary>The checker the Dockerfile and compose tests rely on refuses what the server would refuse.</summary>
public sealed class ServerConfigurationCheckTests
{
    [Fact]
    public void Server_defaults_pass()
    {
        Assert.Empty(ServerConfigurationCheck.Problems(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("Kafka__BootstrapServer", "kafka-1:19092", "BootstrapServer")]
    [InlineData("Kafak__GroupId", "banditserve-1", "Kafak")]
    [InlineData("Storage__Provider", "oracle", "Storage:Provider")]
    [InlineData("Server__MaxRequestBodyBytes", "12", "MaxRequestBodyBytes")]
    [InlineData("Kafka__CheckpointIntervalSeconds", "soon", "CheckpointIntervalSeconds")]
    [InlineData("Kafka__FetchWaitMaxMilliseconds", "0", "Kafka:FetchWaitMaxMilliseconds")]
    [InlineData("Kafka__BootstrapServers", "kafka-1", "kafka-1")]
    [InlineData("ConnectionStrings__Postgres", "Hots=postgres", "ConnectionStrings:Postgres")]
    [InlineData("ConnectionStrings__Default", "Host=postgres;Database=x;Username=y", "ConnectionStrings:Default")]
    [InlineData("Logging__Console__FormatterName", "xml", "FormatterName")]
    [InlineData("Logging__LogLevel__Default", "Loud", "Logging:LogLevel:Default")]
    [InlineData("ASPNETCORE_URLS", "http://+", "ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTPS_PORT", "8443", "ASPNETCORE_HTTPS_PORT")]
    [InlineData("DOTNET_GCgen0size", "32MB", "DOTNET_GCgen0size")]
    [InlineData("DOTNET_GCgen0Size", "0x2000000", "DOTNET_GCgen0Size")]
    public void A_wrong_key_or_value_is_named(string variable, string value, string named)
    {
        // Act
        var problems = ServerConfigurationCheck.Problems(new Dictionary<string, string> { [variable] = value });

        // Assert
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_without_a_connection_string_fails_the_server_start_validation()
    {
        // Act
        var problems = ServerConfigurationCheck.Problems(new Dictionary<string, string> { ["Storage__Provider"] = "postgres" });

        // Assert
        Assert.Contains(problems, p => p.Contains("ConnectionStrings:Postgres is required", StringComparison.Ordinal));
    }
}
