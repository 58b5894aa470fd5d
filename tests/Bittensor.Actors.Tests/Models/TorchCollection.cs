namespace Bittensor.Tests.Models;

/// <summary>
/// Every test that touches TorchSharp joins this one collection: xunit then runs them one at a time, so the
/// process-global state they share (the default generator, the thread count) is never raced, and the ~150 ms
/// native load happens once, in <see cref="TorchFixture"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>
{
    public const string Name = "Torch";
}
