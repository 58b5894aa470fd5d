using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Launcher;

/// <summary>
/// Ledger nodes as real processes on loopback (<c>node --roles ledger</c>, free ports, one shared <c>--data</c> folder:
/// one SQLite journal), read through their logs: the ledger singleton's host logs <c>ledger at block N HASH</c> when it
/// has recovered and <c>block N HASH</c> per block. Used by the fault specs and by <c>bench failover</c>.
/// <see cref="Dispose"/> kills every node still running.
/// </summary>
internal sealed partial class LedgerProcessCluster : IDisposable
{
    private readonly List<NodeProcess> _nodes = [];

    public LedgerProcessCluster(string dataDirectory, TimeSpan blockTime, decimal faucetTao = 0)
    {
        DataDirectory = dataDirectory;
        BlockTime = blockTime;
        FaucetTao = faucetTao;
    }

    /// <summary>The ledger's log line per persisted block: <c>[INFO][...][akka://bittensor/user/ledger/singleton] block 12 HASH</c>.</summary>
    [GeneratedRegex(@"\] block (\d+) (\S+)\s*$")]
    public static partial Regex BlockLine();

    /// <summary>The new singleton's first line: the block and hash its ledger recovered to from the journal.</summary>
    [GeneratedRegex(@"\] ledger at block (\d+) (\S+)\s*$")]
    public static partial Regex RecoveredLine();

    public string DataDirectory { get; }
    public TimeSpan BlockTime { get; }
    public decimal FaucetTao { get; }

    /// <summary>Every node started, in order (the killed and stopped ones too).</summary>
    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>The nodes still running.</summary>
    public IEnumerable<NodeProcess> Running => _nodes.Where(n => !n.HasExited);

    /// <summary>Starts a ledger node on a free port that joins <paramref name="seeds"/> (none: it forms a new cluster).</summary>
    public NodeProcess StartNode(params NodeProcess[] seeds)
    {
        var port = FreePort.Next();
        var address = string.Create(CultureInfo.InvariantCulture, $"akka.tcp://{NodeOptions.SystemName}@{NodeOptions.DefaultHost}:{port}");
        var arguments = new List<string>
        {
            "node", "--roles", "ledger", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", DataDirectory,
            "--block-time", ((int)BlockTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms",
            "--faucet-tao", FaucetTao.ToString(CultureInfo.InvariantCulture),
        };
        if (seeds.Length > 0)
        {
            arguments.Add("--seed-nodes");
            arguments.AddRange(seeds.Select(s => s.Address!));
        }
        var node = NodeProcess.Start($"ledger-{_nodes.Count.ToString(CultureInfo.InvariantCulture)}", arguments, address);
        _nodes.Add(node);
        return node;
    }

    /// <summary>
    /// Starts <paramref name="count"/> ledger nodes at once, the first forming the cluster and the others joining it, and
    /// waits until the first has produced a block and the leader has moved every node to Up.
    /// </summary>
    public async Task<ClusterStart> StartAsync(int count, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var first = StartNode();
        for (var i = 1; i < count; i++) StartNode(first);
        var (block, _) = await first.Log.WaitForAsync(BlockLine(), timeout).ConfigureAwait(false);
        var allUp = long.MinValue;
        foreach (var other in _nodes)
        {
            // The leader logs each member it moves to Up: the member with the lowest address, whichever node that is.
            var (_, up, _) = await WaitForAnyAsync(_nodes, MovedToUp(other), timeout).ConfigureAwait(false);
            allUp = Math.Max(allUp, up.Timestamp);
        }
        return new ClusterStart(first, Stopwatch.GetElapsedTime(started, block.Timestamp), Stopwatch.GetElapsedTime(started, allUp));
    }

    /// <summary>The running node that logged the most recent block: the singleton's host.</summary>
    /// <exception cref="InvalidOperationException">No running node has logged a block.</exception>
    public NodeProcess Host()
    {
        var hosts = Running.Select(n => (Node: n, Last: n.Log.Lines.LastOrDefault(l => BlockLine().IsMatch(l.Text))))
            .Where(x => x.Last is not null)
            .ToList();
        if (hosts.Count == 0) throw new InvalidOperationException("No running node has logged a block.");
        return hosts.MaxBy(x => x.Last!.Timestamp).Node;
    }

    /// <summary>The last block <paramref name="node"/> logged and its hash, or null.</summary>
    public static (ulong Block, string Hash)? LastBlock(NodeProcess node)
    {
        var last = node.Log.Lines.LastOrDefault(l => BlockLine().IsMatch(l.Text));
        if (last is null) return null;
        var match = BlockLine().Match(last.Text);
        return (ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value);
    }

    /// <summary>
    /// Crashes the singleton's host (SIGKILL) and waits for a block beyond the last one it logged, on whichever running
    /// node logs it first: the failover.
    /// </summary>
    public async Task<Failover> KillHostAsync(TimeSpan timeout)
    {
        var host = Host();
        var (lastBlock, lastHash) = LastBlock(host)!.Value;
        var survivors = Running.Where(n => n != host).ToList();
        var from = survivors.ToDictionary(n => n, n => n.Log.Count);
        var killed = Stopwatch.GetTimestamp();
        host.Kill();

        var (newHost, line, block) = await FirstNewBlockAsync(survivors, from, lastBlock, timeout).ConfigureAwait(false);
        return new Failover(host, lastBlock, lastHash, newHost, block, Stopwatch.GetElapsedTime(killed, line.Timestamp), from[newHost]);
    }

    /// <summary>The first block above <paramref name="above"/> that one of <paramref name="nodes"/> logs after its line <paramref name="from"/>.</summary>
    public static async Task<(NodeProcess Node, OutputLine Line, ulong Block)> FirstNewBlockAsync(
        IReadOnlyList<NodeProcess> nodes, IReadOnlyDictionary<NodeProcess, int> from, ulong above, TimeSpan timeout)
    {
        var (node, line, match) = await WaitForAnyAsync(nodes, BlockLine(), timeout, from,
            m => ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > above).ConfigureAwait(false);
        return (node, line, ulong.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The first line that <paramref name="pattern"/> matches (and <paramref name="accept"/> accepts) in any of
    /// <paramref name="nodes"/>' logs, each from its index in <paramref name="from"/> (0 when absent).
    /// </summary>
    /// <exception cref="TimeoutException">No node logged one within the timeout.</exception>
    public static async Task<(NodeProcess Node, OutputLine Line, Match Match)> WaitForAnyAsync(IEnumerable<NodeProcess> nodes, Regex pattern,
        TimeSpan timeout, IReadOnlyDictionary<NodeProcess, int>? from = null, Func<Match, bool>? accept = null)
    {
        using var others = new CancellationTokenSource();
        var waits = nodes.Select(async n =>
        {
            var (line, match) = await n.Log.WaitForAsync(pattern, timeout, from?.GetValueOrDefault(n) ?? 0, accept, others.Token).ConfigureAwait(false);
            return (Node: n, Line: line, Match: match);
        }).ToList();
        while (true)
        {
            var done = await Task.WhenAny(waits).ConfigureAwait(false);
            if (done.IsCompletedSuccessfully)
            {
                await others.CancelAsync().ConfigureAwait(false);
                return done.Result;
            }
            waits.Remove(done);
            // Every node timed out (or ended): the last failure says why.
            if (waits.Count == 0) return await done.ConfigureAwait(false);
        }
    }

    /// <summary>The last lines of every node's log, each prefixed with its name: what a failed spec or bench reports.</summary>
    public string Tails(int lines = 40) => string.Join(Environment.NewLine, _nodes.Select(n =>
        $"--- {n} ---{Environment.NewLine}{string.Join(Environment.NewLine, n.Log.Lines.TakeLast(lines))}"));

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
    }

    // Akka.Cluster's leader log: "Cluster Node [...] - Leader is moving node [akka.tcp://bittensor@127.0.0.1:P] to [Up]".
    private static Regex MovedToUp(NodeProcess node) =>
        new(@"Leader is moving node \[" + Regex.Escape(node.Address!) + @"\] to \[Up\]", RegexOptions.CultureInvariant);
}
