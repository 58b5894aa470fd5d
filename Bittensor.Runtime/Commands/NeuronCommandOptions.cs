using System.CommandLine;
using Bittensor.Identity;
using Bittensor.Models;
using Bittensor.Runtime.Neurons;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Commands;

/// <summary>The <c>node</c> options of its miners and validators, read into <see cref="NeuronOptions"/>.</summary>
internal sealed class NeuronCommandOptions
{
    private readonly Option<int> _neurons = new("--neurons") { Description = "Neurons per role (miner, validator) this node hosts.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _wallet = new("--wallet") { Description = "The wallet whose coldkey registers the neurons; hotkeys miner-0, validator-0, ... are created in it when missing.", DefaultValueFactory = _ => WalletNames.Default };
    private readonly Option<string?> _walletRoot = new("--wallet-root") { Description = $"The folder of wallets (default: {WalletStore.DefaultRoot})." };
    private readonly Option<ushort> _netuid = new("--netuid") { Description = "The subnet the neurons serve.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _device = new("--device")
    {
        Description = "Where the miners' models run: auto (CUDA when available), cpu or cuda.",
        HelpName = string.Join('|', TorchDevice.Names),
        DefaultValueFactory = _ => TorchDevice.Auto,
    };

    private readonly Option<string> _stake = new("--stake") { Description = "TAO each validator hotkey should hold as stake, added from the coldkey's balance at start.", DefaultValueFactory = _ => "0" };
    private readonly Option<int> _taskSeed = new("--task-seed") { Description = "The seed of the subnet's teacher task: the same on every node.", DefaultValueFactory = _ => 1 };
    private readonly Option<int> _trainSteps = new("--train-steps") { Description = "Adam steps each miner trains before serving.", DefaultValueFactory = _ => 300 };
    private readonly Option<ulong> _weightsEvery = new("--weights-every") { Description = "Blocks between two weight settings of a validator.", DefaultValueFactory = _ => 100UL };
    private readonly Option<string> _queryTimeout = new("--query-timeout") { Description = "How long a miner has to answer: 12s, 500ms, or seconds.", DefaultValueFactory = _ => "12s" };
    private readonly Option<double> _scoreAlpha = new("--score-alpha") { Description = "The weight of each new observation in a validator's score average.", DefaultValueFactory = _ => 0.1 };

    public void AddTo(Command command)
    {
        _device.AcceptOnlyFromAmong([.. TorchDevice.Names]);
        foreach (var option in new Option[] { _neurons, _wallet, _walletRoot, _netuid, _device, _stake, _taskSeed, _trainSteps, _weightsEvery, _queryTimeout, _scoreAlpha })
            command.Options.Add(option);
    }

    /// <exception cref="ArgumentException">A value the user has to fix.</exception>
    /// <exception cref="UsageException">A malformed amount of TAO.</exception>
    public NeuronOptions Read(ParseResult parseResult)
    {
        var stake = parseResult.GetValue(_stake) ?? "0";
        return NeuronOptions.Create(
            parseResult.GetValue(_neurons),
            parseResult.GetValue(_wallet),
            parseResult.GetValue(_walletRoot),
            parseResult.GetValue(_netuid),
            parseResult.GetValue(_device),
            Client.Tao.ParseOrZero(stake, "--stake"),
            parseResult.GetValue(_taskSeed),
            parseResult.GetValue(_trainSteps),
            parseResult.GetValue(_weightsEvery),
            NodeOptions.ParseDuration(parseResult.GetValue(_queryTimeout) ?? "12s", "--query-timeout"),
            parseResult.GetValue(_scoreAlpha));
    }
}
