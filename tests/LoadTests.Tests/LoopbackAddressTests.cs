using BanditServe.LoadTests.Targets;

namespace BanditServe.LoadTests.Tests;

public sealed class LoopbackAddressTests
{
    [Theory]
    [InlineData("http://192.168.1.10:8080")]
    [InlineData("http://example.com")]
    [InlineData("http://[::1]:8080")]
    [InlineData("ftp://127.0.0.1/")]
    public void Urls_that_are_not_127_0_0_1_are_refused(string url)
    {
        Assert.Throws<ArgumentException>(() => LoopbackAddress.RequireHttp(new Uri(url)));
    }

    [Fact]
    public void Localhost_is_spelled_127_0_0_1()
    {
        Assert.Equal("http://127.0.0.1:8080/", LoopbackAddress.RequireHttp(new Uri("http://localhost:8080")).ToString());
    }

    [Fact]
    public void Kafka_bootstrap_lists_must_name_only_127_0_0_1()
    {
        Assert.Equal("127.0.0.1:9092,127.0.0.1:9093", LoopbackAddress.RequireKafka("localhost:9092, 127.0.0.1:9093"));
        Assert.Throws<ArgumentException>(() => LoopbackAddress.RequireKafka("127.0.0.1:9092,broker:9092"));
        Assert.Throws<ArgumentException>(() => LoopbackAddress.RequireKafka("127.0.0.1"));
    }
}
