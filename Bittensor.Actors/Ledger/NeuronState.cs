namespace Bittensor.Ledger;

/// <summary>One uid of a subnet: who holds it, what it last set, and what the last epoch gave it.</summary>
public sealed class NeuronState
{
    public required string Hotkey { get; set; }
    public ulong RegisteredBlock { get; set; }
    public ulong LastUpdate { get; set; }
    public string? AxonIp { get; set; }
    public int AxonPort { get; set; }

    /// <summary>Weights as stored: (uid, max-upscaled u16) in the order the validator gave them.</summary>
    public (ushort Uid, ushort Value)[] Weights { get; set; } = [];

    /// <summary>Bonds as the last epoch stored them.</summary>
    public (ushort Uid, ushort Value)[] Bonds { get; set; } = [];

    // Outputs of the last epoch, as the chain stores them.
    public bool Active { get; set; }
    public bool ValidatorPermit { get; set; }
    public ushort Consensus { get; set; }
    public ushort Incentive { get; set; }
    public ushort Dividends { get; set; }
    public ushort ValidatorTrust { get; set; }
    public ushort StakeWeight { get; set; }
    public ulong EmissionRao { get; set; }

    /// <summary>Resets the uid for a new hotkey, as <c>replace_neuron</c> does.</summary>
    public void Replace(string hotkey, ulong block)
    {
        Hotkey = hotkey;
        RegisteredBlock = block;
        LastUpdate = block;
        AxonIp = null;
        AxonPort = 0;
        Weights = [];
        Bonds = [];
        Active = false;
        ValidatorPermit = false;
        Consensus = Incentive = Dividends = ValidatorTrust = StakeWeight = 0;
        EmissionRao = 0;
    }
}
