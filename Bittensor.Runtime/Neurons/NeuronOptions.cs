using Bittensor.Identity;
using Bittensor.Models;

namespace Bittensor.Runtime.Neurons;

/// <summary>
/// What a miner or validator node hosts: how many neurons per role, the wallet whose coldkey registers them (its
/// hotkeys <c>miner-0</c>, <c>validator-0</c>, … are created when missing, unencrypted as Bittensor's hotkeys are),
/// the subnet, the device of the miners' models, the validators' stake, the task every node must share, and how
/// validators query and set weights. <see cref="Create"/> checks what a user can get wrong.
/// </summary>
internal sealed record NeuronOptions
{
    private NeuronOptions()
    {
    }

    /// <summary>Neurons hosted per role.</summary>
    public int Neurons { get; private init; }

    public string Wallet { get; private init; } = WalletNames.Default;

    /// <summary>The wallets' folder; null: <see cref="WalletStore.DefaultRoot"/>.</summary>
    public string? WalletRoot { get; private init; }

    public ushort NetUid { get; private init; }

    /// <summary><c>auto</c>, <c>cpu</c> or <c>cuda</c> (<see cref="TorchDevice"/>).</summary>
    public string Device { get; private init; } = TorchDevice.Auto;

    /// <summary>The stake each validator hotkey should hold, topped up from the coldkey's balance at start.</summary>
    public ulong ValidatorStakeRao { get; private init; }

    /// <summary>The seed of the teacher every miner learns and every validator scores against: one per subnet.</summary>
    public int TaskSeed { get; private init; }

    /// <summary>Adam steps a miner trains before it serves.</summary>
    public int TrainSteps { get; private init; }

    public ulong WeightsEveryBlocks { get; private init; }

    public TimeSpan QueryTimeout { get; private init; }

    /// <summary>The validators' score average step (core_validator's alpha).</summary>
    public double ScoreAlpha { get; private init; }

    /// <exception cref="ArgumentException">A value the user has to fix; the message says which and why.</exception>
    public static NeuronOptions Create(int neurons = 1, string? wallet = null, string? walletRoot = null, ushort netUid = 1,
        string? device = null, ulong validatorStakeRao = 0, int taskSeed = 1, int trainSteps = 300, ulong weightsEveryBlocks = 100,
        TimeSpan? queryTimeout = null, double scoreAlpha = 0.1)
    {
        if (neurons is < 1 or > 256)
            throw new ArgumentException($"--neurons {neurons} is outside 1-256.");
        wallet = string.IsNullOrWhiteSpace(wallet) ? WalletNames.Default : wallet.Trim();
        if (!WalletNames.IsValid(wallet, out var problem))
            throw new ArgumentException($"--wallet {wallet}: {problem}");
        device = (device ?? TorchDevice.Auto).Trim().ToLowerInvariant();
        if (!TorchDevice.Names.Contains(device))
            throw new ArgumentException($"--device {device} is not one of {string.Join(", ", TorchDevice.Names)}.");
        if (netUid == 0)
            throw new ArgumentException("--netuid 0 is the root subnet: neurons serve on a subnet of their own (1 or above).");
        if (trainSteps is < 0 or > 1_000_000)
            throw new ArgumentException($"--train-steps {trainSteps} is outside 0-1000000.");
        if (weightsEveryBlocks is < 1 or > 1_000_000)
            throw new ArgumentException($"--weights-every {weightsEveryBlocks} is outside 1-1000000 blocks.");
        var timeout = queryTimeout ?? TimeSpan.FromSeconds(12);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromHours(1))
            throw new ArgumentException($"--query-timeout {timeout} is outside (0, 1 h].");
        if (!double.IsFinite(scoreAlpha) || scoreAlpha is <= 0 or > 1)
            throw new ArgumentException($"--score-alpha {scoreAlpha} is outside (0, 1].");
        return new NeuronOptions
        {
            Neurons = neurons, Wallet = wallet, WalletRoot = string.IsNullOrWhiteSpace(walletRoot) ? null : walletRoot,
            NetUid = netUid, Device = device, ValidatorStakeRao = validatorStakeRao, TaskSeed = taskSeed, TrainSteps = trainSteps,
            WeightsEveryBlocks = weightsEveryBlocks, QueryTimeout = timeout, ScoreAlpha = scoreAlpha,
        };
    }

    /// <summary>The wallet hotkey name of neuron <paramref name="index"/> of <paramref name="role"/>.</summary>
    public static string HotkeyName(string role, int index) => $"{role}-{index}";
}
