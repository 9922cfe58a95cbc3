namespace BanditServe.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="IBanditStore"/> provider must have. Each provider runs this whole suite
/// through a sealed subclass; tests share the class's database, so each works on its own surfaces.
/// </summary>
public abstract partial class BanditStoreContract(StoreFixture fixture)
{
    protected StoreFixture Fixture { get; } = fixture;

    protected IBanditStore Store => Fixture.Store;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;
}
