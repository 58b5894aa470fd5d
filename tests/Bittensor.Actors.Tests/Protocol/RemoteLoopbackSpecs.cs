using System.Diagnostics;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Configuration;
using Bittensor.Identity;
using Bittensor.Neurons;
using Bittensor.Protocol;
using Address = Bittensor.Identity.Address;

namespace Bittensor.Tests.Protocol;

/// <summary>
/// The protocol between two real ActorSystems over Akka.Remote on loopback (classic DotNetty TCP, the shipped
/// hocon/remote.conf, port 0): a 4 MiB tensor, far above Akka's default 128000-byte frame, goes from a
/// <see cref="Dendrite"/> in one system to an <see cref="AxonActor"/> in the other and back whole, and an axon
/// that has stopped costs the caller its timeout and no more. No sleeps: every wait is an await with a limit.
/// </summary>
public sealed class RemoteLoopbackSpecs : IAsyncLifetime
{
    private const ushort NetUid = 1;
    private const int FourMiB = 4 * 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly ActorSystem axonSystem = ActorSystem.Create("remote-loopback-axon", RemoteLoopback.Config());
    private readonly ActorSystem validatorSystem = ActorSystem.Create("remote-loopback-validator", RemoteLoopback.Config());
    private readonly Keypair axonKey = Keypair.Generate();
    private readonly Keypair validatorKey = Keypair.Generate();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await validatorSystem.Terminate().WaitAsync(Wait);
        await axonSystem.Terminate().WaitAsync(Wait);
        axonKey.Dispose();
        validatorKey.Dispose();
    }

    [Fact]
    public async Task A_4_MiB_forward_call_should_cross_remoting_to_the_axon_and_come_back_equal()
    {
        var axon = await ServeEcho("echo");
        var dendrite = new Dendrite(new RequestSigner(validatorKey), Wait);
        var inputs = Floats(FourMiB / sizeof(float));

        var results = await dendrite.ForwardAsync([axon], NetUid, SynapseType.TextLastHiddenState, inputs).WaitAsync(Wait);

        var result = Assert.Single(results);
        Assert.True(result.Code == ReturnCode.Success, $"{result.Code}: {result.Message}");
        Assert.Equal(inputs, result.Outputs);
        Assert.Equal(FourMiB, result.Outputs!.Data.Length);
        Assert.Equal(1, dendrite.SessionCount);
    }

    [Fact]
    public async Task A_stopped_remote_axon_should_give_timeout_within_the_dendrite_timeout()
    {
        var axon = await ServeEcho("stopping");
        var timeout = TimeSpan.FromSeconds(2);
        var dendrite = new Dendrite(new RequestSigner(validatorKey), timeout);
        var inputs = Floats(16);

        // A session first, so the later call is an ordinary MAC'd request to an axon that has gone, not a handshake.
        var before = Assert.Single(await dendrite.ForwardAsync([axon], NetUid, SynapseType.TextLastHiddenState, inputs).WaitAsync(Wait));
        Assert.True(before.Code == ReturnCode.Success, $"{before.Code}: {before.Message}");
        var local = await axonSystem.ActorSelection("/user/stopping").ResolveOne(Wait);
        Assert.True(await local.GracefulStop(Wait));

        var clock = Stopwatch.StartNew();
        var after = Assert.Single(await dendrite.ForwardAsync([axon], NetUid, SynapseType.TextLastHiddenState, inputs).WaitAsync(Wait));
        clock.Stop();

        Assert.Equal(ReturnCode.Timeout, after.Code);
        Assert.Null(after.Outputs);
        // The dendrite gives up at its deadline; the margin is for a loaded machine's scheduling, not for waiting.
        Assert.True(after.Latency < timeout + TimeSpan.FromSeconds(1), $"the call took {after.Latency} for a {timeout} timeout");
        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(5), $"the fan-out returned after {clock.Elapsed}");
    }

    private async Task<AxonTarget> ServeEcho(string name)
    {
        axonSystem.ActorOf(AxonActor.Props(new AxonSettings(axonKey, Echo) { Timeout = Wait }), name);
        // The address the axon system actually bound (it asked for port 0), as a peer would learn it.
        var address = ((ExtendedActorSystem)axonSystem).Provider.DefaultAddress;
        Assert.NotEqual(0, address.Port);
        var remote = await validatorSystem.ActorSelection(new RootActorPath(address) / "user" / name).ResolveOne(Wait);
        return new AxonTarget(axonKey.Address, remote);
    }

    private static Task<TensorPayload> Echo(Address caller, TensorPayload inputs, SynapseType synapse, CancellationToken token) =>
        Task.FromResult(inputs);

    private static TensorPayload Floats(int count)
    {
        var random = new Random(count);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++) values[i] = (float)random.NextDouble();
        return TensorPayload.Create(TensorDType.Float32, [count], MemoryMarshal.AsBytes(values.AsSpan()));
    }
}
