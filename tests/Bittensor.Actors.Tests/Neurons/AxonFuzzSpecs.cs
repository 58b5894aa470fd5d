using System.Runtime.Serialization;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Bittensor.Protocol.Serialization;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// Random and mutated frames, read as Akka.Remote reads them (the protocol serializer by manifest) and, when they
/// decode, handed to a live axon: every frame is either refused by the serializer with a
/// <see cref="SerializationException"/> or answered by the axon with a protocol response, and the axon still serves a
/// genuine caller afterwards. Nothing crashes, hangs or goes unanswered.
/// </summary>
public sealed class AxonFuzzSpecs : TestKit
{
    private const int Frames = 10_000;
    private const ushort NetUid = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Mutated_frames_should_be_refused_by_the_serializer_or_answered_by_the_axon_which_keeps_serving()
    {
        using var axonKey = Keypair.Generate();
        using var callerKey = Keypair.Generate();
        var task = new Bittensor.Models.TeacherTask(3);
        var axon = Sys.ActorOf(AxonActor.Props(Miner.Axon(axonKey, new Bittensor.Models.ParametricMinerModel(task, 0.9, seed: 1)) with
        {
            NetUid = NetUid, Timeout = Wait, MaxQueuedCalls = Frames,
        }));
        var serializer = new ProtocolMessageSerializer((ExtendedActorSystem)Sys);
        var signer = new RequestSigner(callerKey);
        var random = new Random(20_251_125);
        var inputs = task.SampleInputs(random, 2);
        var seeds = new IProtocolMessage[]
        {
            new ForwardRequest(NetUid, signer.SignHash(axonKey.Address, RequestBody.ForwardHash(NetUid, SynapseType.TextLastHiddenState, inputs)), SynapseType.TextLastHiddenState, inputs),
            new BackwardRequest(NetUid, signer.SignHash(axonKey.Address, RequestBody.BackwardHash(NetUid, SynapseType.TextLastHiddenState, inputs, task.TargetPayload(inputs))),
                SynapseType.TextLastHiddenState, inputs, task.TargetPayload(inputs)),
            new HandshakeRequest(signer.BeginHandshake(axonKey.Address).Offer),
        };
        var encoded = seeds.Select(m => (Manifest: serializer.Manifest(m), Bytes: serializer.ToBinary(m))).ToArray();

        var refused = 0;
        var answered = 0;
        var pending = new List<Task<object>>();
        for (var k = 0; k < Frames; k++)
        {
            var (manifest, bytes) = encoded[k % encoded.Length];
            object decoded;
            try
            {
                decoded = serializer.FromBinary(Mutate(bytes, random), manifest);
            }
            catch (SerializationException)
            {
                refused++;
                continue;
            }

            pending.Add(axon.Ask<object>(decoded, Wait));
        }

        foreach (var reply in await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.True(reply is ForwardResponse or BackwardResponse or HandshakeResponse, $"the axon answered {reply.GetType().Name}");
            answered++;
        }

        Assert.Equal(Frames, refused + answered);
        Assert.True(refused > 0 && answered > 0, $"{refused} refused, {answered} answered: the mutations should reach both");
        var genuine = await new Dendrite(new RequestSigner(Keypair.Generate()), Wait)
            .ForwardAsync([new AxonTarget(axonKey.Address, axon)], NetUid, SynapseType.TextLastHiddenState, inputs);
        Assert.Equal(ReturnCode.Success, Assert.Single(genuine).Code);
    }

    // Flipped bits, overwritten bytes, truncation or random tails: the ways a frame goes wrong on the wire.
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                for (var i = random.Next(1, 4); i > 0; i--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            default:
                var tail = new byte[random.Next(1, 16)];
                random.NextBytes(tail);
                return [.. bytes, .. tail];
        }
    }
}
