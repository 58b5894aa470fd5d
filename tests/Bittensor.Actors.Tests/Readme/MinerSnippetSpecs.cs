using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Ledger.Persistence;
using Bittensor.Models;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Readme;

/// <summary>
/// The README's miner snippet (the Litepaper's: a wallet, an axon with <c>forward(pubkey, inputs, modality)</c>,
/// subscribed on the ledger, started) is this file's <see cref="RunSnippet"/> verbatim: one spec checks the README
/// shows exactly these lines, the other runs them against a live ledger and calls the axon they started.
/// </summary>
public sealed class MinerSnippetSpecs() : TestKit(LedgerPersistenceConfig.InMemory(), "readme-miner")
{
    private const ushort NetUid = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_README_should_show_the_snippet_as_it_is_tested()
    {
        var readme = RepositoryFiles.Read("README.md");
        var source = RepositoryFiles.Read("tests", "Bittensor.Actors.Tests", "Readme", "MinerSnippetSpecs.cs");

        var snippet = Regex.Match(source, @"// README begin\r?\n(.*?)\r?\n\s*// README end", RegexOptions.Singleline).Groups[1].Value;
        var lines = snippet.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var expected = string.Join("\n", lines.Select(l => l.Length == 0 ? l : l[indent..]));

        Assert.True(lines.Length <= 15, $"the snippet has {lines.Length} lines; the Litepaper's fits in 15");
        Assert.Contains("```csharp\n" + expected + "\n```", readme.Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task The_snippet_should_register_serve_and_answer_a_validator()
    {
        using var folder = new TempWalletRoot();
        var ledger = Sys.ActorOf(LedgerActor.Props());
        foreach (var command in new ILedgerCommand[]
                 {
                     new Endow("owner", 200_000_000_000), new CreateSubnet("owner"),
                     new SetHyperparameter(NetUid, "owner", "min_burn", "0"), new SetHyperparameter(NetUid, "owner", "burn", "0"),
                 })
        {
            Assert.True((await ledger.Ask<CommandResult>(new SubmitCommand(command), Wait)).Outcome.Accepted, $"{command}");
        }

        var (hotkey, axon) = await RunSnippet(Sys, ledger, folder.Path, new ParametricMinerModel(new TeacherTask(1), 1.0, seed: 1));

        var neuron = (await ledger.Ask<MetagraphResult>(new GetMetagraph(NetUid), Wait)).Metagraph!.Neurons.Single();
        Assert.Equal(hotkey.Address.ToString(), neuron.Hotkey);
        Assert.Equal(("127.0.0.1", 8091), (neuron.AxonIp, neuron.AxonPort));
        var inputs = new TeacherTask(1).SampleInputs(new Random(1), 2);
        var answer = Assert.Single(await new Dendrite(new RequestSigner(Keypair.Generate()), Wait)
            .ForwardAsync([new AxonTarget(hotkey.Address, axon)], NetUid, SynapseType.TextLastHiddenState, inputs));
        Assert.Equal(ReturnCode.Success, answer.Code);
        Assert.Equal(new TeacherTask(1).TargetPayload(inputs), answer.Outputs);
    }

    private static async Task<(Keypair Hotkey, IActorRef Axon)> RunSnippet(ActorSystem system, IActorRef ledger, string walletRoot, IMinerModel model)
    {
        const ushort netUid = NetUid;
        // README begin
        var wallet = new WalletStore(walletRoot).Create("miner", password: "correct horse battery");
        var hotkey = wallet.CreateHotkey("default");
        Task<TensorPayload> Forward(Address pubkey, TensorPayload inputs, SynapseType modality, CancellationToken token) =>
            Task.FromResult(model.Forward(pubkey, inputs, token));              // your model here

        var axon = system.ActorOf(AxonActor.Props(new AxonSettings(hotkey, Forward)), "axon");  // started: it serves now
        var (coldkey, hot) = (wallet.ColdkeyAddress.ToString(), hotkey.Address.ToString());
        await ledger.Ask<CommandResult>(new SubmitCommand(new BurnedRegister(netUid, coldkey, hot)));
        await ledger.Ask<CommandResult>(new SubmitCommand(new ServeAxon(netUid, hot, "127.0.0.1", 8091)));
        // README end
        return (hotkey, axon);
    }

    private sealed class TempWalletRoot : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("bittensor-readme-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
