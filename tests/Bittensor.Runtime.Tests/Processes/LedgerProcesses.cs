using Bittensor.Runtime.Launcher;
using Xunit.Abstractions;

namespace Bittensor.Runtime.Tests.Processes;

/// <summary>
/// A spec's ledger node processes: a <see cref="LedgerProcessCluster"/> on the built Bittensor.Runtime.dll (the copy
/// beside this test assembly) and a fresh data folder. Disposing it kills every node still running (a failed assertion
/// leaves no process behind), writes the tail of each node's log to the test output, then deletes the folder.
/// </summary>
internal sealed class LedgerProcesses : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly ITestOutputHelper _output;

    public LedgerProcesses(ITestOutputHelper output, TimeSpan blockTime, decimal faucetTao = 0)
    {
        _output = output;
        Cluster = new LedgerProcessCluster(_data.Path, blockTime, faucetTao);
    }

    public LedgerProcessCluster Cluster { get; }

    public void Dispose()
    {
        try
        {
            Cluster.Dispose();
            _output.WriteLine(Cluster.Tails(lines: 150));
        }
        finally
        {
            _data.Dispose();
        }
    }
}
