using Akka.Actor;
using Akka.TestKit.Xunit2;
using Bittensor.Identity;
using Bittensor.Ledger;
using Bittensor.Neurons;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// <see cref="AxonDirectory"/> finds the axons added to it, and with a resolver the endpoint each neuron served on
/// the chain: resolved once per endpoint, anew when the endpoint changes, never for a malformed hotkey or endpoint.
/// </summary>
public sealed class AxonDirectorySpecs : TestKit
{
    [Fact]
    public void A_served_endpoint_should_be_resolved_once_and_again_when_it_changes()
    {
        using var key = Keypair.Generate();
        var calls = new List<(string Ip, int Port)>();
        var probe = CreateTestProbe();
        var directory = new AxonDirectory((ip, port, hotkey) =>
        {
            Assert.Equal(key.Address, hotkey);
            calls.Add((ip, port));
            return probe.Ref;
        });

        var neuron = Neuron(key.Address.ToString(), "127.0.0.1", 4054);
        Assert.Same(probe.Ref, directory.Find(neuron)!.Ref);
        Assert.Same(probe.Ref, directory.Find(neuron)!.Ref);
        Assert.Single(calls);

        directory.Find(neuron with { AxonPort = 4055 });
        Assert.Equal([("127.0.0.1", 4054), ("127.0.0.1", 4055)], calls);
    }

    [Fact]
    public void A_neuron_without_a_valid_endpoint_or_hotkey_should_have_no_axon()
    {
        var directory = new AxonDirectory((_, _, _) => throw new InvalidOperationException("must not resolve"));
        using var key = Keypair.Generate();

        Assert.Null(directory.Find(Neuron(key.Address.ToString(), null, 4054)));
        Assert.Null(directory.Find(Neuron(key.Address.ToString(), "127.0.0.1", 0)));
        Assert.Null(directory.Find(Neuron(key.Address.ToString(), "127.0.0.1", 70_000)));
        Assert.Null(new AxonDirectory((_, _, _) => ActorRefs.Nobody).Find(Neuron("not-an-address", "127.0.0.1", 4054)));
        // Without a resolver only added axons are known.
        Assert.Null(new AxonDirectory().Find(Neuron(key.Address.ToString(), "127.0.0.1", 4054)));
    }

    [Fact]
    public void An_added_axon_should_win_over_the_served_endpoint()
    {
        using var key = Keypair.Generate();
        var added = CreateTestProbe();
        var directory = new AxonDirectory((_, _, _) => ActorRefs.Nobody).Add(key.Address, added.Ref);
        Assert.Same(added.Ref, directory.Find(Neuron(key.Address.ToString(), "127.0.0.1", 4054))!.Ref);
    }

    private static MetagraphNeuron Neuron(string hotkey, string? ip, int port) =>
        new(0, hotkey, "cold", 0, 0, 0, 0, 0, 0, false, false, 0, 0, ip, port);
}
