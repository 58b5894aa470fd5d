using static TorchSharp.torch;

namespace Bittensor.Tests.Models;

/// <summary>Loads libtorch once for the <see cref="TorchCollection"/> and pins its process-global settings.</summary>
public sealed class TorchFixture
{
    public const long Seed = 20_240_601;

    public TorchFixture()
    {
        // One intra-op thread: steady timings, no OpenMP pool competing with the other test collections, and
        // results that do not depend on how a reduction was split across threads.
        set_num_threads(1);
        manual_seed(Seed);
    }
}
