using System.Security.Cryptography;
using System.Text;

namespace Bittensor.Ledger;

public sealed partial class LedgerState
{
    /// <summary>
    /// SHA256 of the whole state in a canonical layout: keys in ordinal order, numbers little-endian, strings
    /// length-prefixed UTF-8. The same state gives the same hash on any machine and in any process, which is what
    /// crash-recovery tests and deterministic simulations compare.
    /// </summary>
    public string StateHash()
    {
        // The ledger hashes after every command, so the layout's buffer is kept per thread rather than regrown each time.
        var stream = t_hashBuffer ??= new MemoryStream();
        stream.SetLength(0);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Block);
            writer.Write(TotalIssuance);
            writer.Write(TotalEmitted);
            writer.Write(TotalBurned);

            writer.Write(_balances.Count);
            foreach (var (coldkey, balance) in _balances)
            {
                writer.Write(coldkey);
                writer.Write(balance);
            }

            writer.Write(_hotkeys.Count);
            foreach (var hotkey in _hotkeys.Keys.Order(StringComparer.Ordinal))
            {
                var account = _hotkeys[hotkey];
                writer.Write(hotkey);
                writer.Write(account.Owner);
                writer.Write(account.Take);
                writer.Write(account.Stakes.Count);
                foreach (var (coldkey, stake) in account.Stakes)
                {
                    writer.Write(coldkey);
                    writer.Write(stake);
                }
            }

            writer.Write(_subnets.Count);
            foreach (var subnet in _subnets.Values) WriteSubnet(writer, subnet);
        }
        return Convert.ToHexStringLower(SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
    }

    [ThreadStatic]
    private static MemoryStream? t_hashBuffer;

    private static void WriteSubnet(BinaryWriter writer, SubnetState subnet)
    {
        writer.Write(subnet.NetUid);
        writer.Write(subnet.Owner);
        for (var i = 0; i < SubnetHyperparameters.Names.Count; i++) writer.Write(subnet.Hyperparameters.ValueAt(i));
        writer.Write(subnet.CreatedBlock);
        writer.Write(subnet.LockedRao);
        writer.Write(subnet.LastEpochBlock);
        writer.Write(subnet.EpochsRun);
        writer.Write(subnet.PendingEmissionRao);
        writer.Write(subnet.RegistrationsThisBlock);
        writer.Write(subnet.RegistrationsThisInterval);

        writer.Write(subnet.Neurons.Count);
        foreach (var neuron in subnet.Neurons)
        {
            writer.Write(neuron.Hotkey);
            writer.Write(neuron.RegisteredBlock);
            writer.Write(neuron.LastUpdate);
            writer.Write(neuron.AxonIp ?? "");
            writer.Write(neuron.AxonPort);
            WritePairs(writer, neuron.Weights);
            WritePairs(writer, neuron.Bonds);
            writer.Write(neuron.Active);
            writer.Write(neuron.ValidatorPermit);
            writer.Write(neuron.Consensus);
            writer.Write(neuron.Incentive);
            writer.Write(neuron.Dividends);
            writer.Write(neuron.ValidatorTrust);
            writer.Write(neuron.StakeWeight);
            writer.Write(neuron.EmissionRao);
        }

        writer.Write(subnet.Commits.Count);
        foreach (var (hotkey, commit) in subnet.Commits)
        {
            writer.Write(hotkey);
            writer.Write(commit.Hash);
            writer.Write(commit.Block);
            writer.Write(commit.Epoch);
        }
    }

    private static void WritePairs(BinaryWriter writer, (ushort Uid, ushort Value)[] pairs)
    {
        writer.Write(pairs.Length);
        foreach (var (uid, value) in pairs)
        {
            writer.Write(uid);
            writer.Write(value);
        }
    }

    /// <summary>
    /// The sum of every holding: free balances, stake, subnet locks and emission not yet distributed. It equals
    /// <see cref="TotalIssuance"/> after every command; the invariant tests check exactly that.
    /// </summary>
    public UInt128 SumOfHoldings()
    {
        UInt128 sum = 0;
        foreach (var balance in _balances.Values) sum += balance;
        foreach (var account in _hotkeys.Values) sum += account.TotalStake;
        foreach (var subnet in _subnets.Values) sum += (UInt128)subnet.LockedRao + subnet.PendingEmissionRao;
        return sum;
    }
}
