namespace BanditServe.LoadTests.Running;

/// <summary>Open model: a fixed arrival rate whatever the server does. Closed model: N connections, each waiting for its answer.</summary>
public enum LoadModel
{
    Open,
    Closed,
}
