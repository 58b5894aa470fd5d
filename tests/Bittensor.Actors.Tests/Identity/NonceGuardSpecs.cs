using Bittensor.Identity;

namespace Bittensor.Tests.Identity;

public sealed class NonceGuardSpecs
{
    [Fact]
    public void NonceGuard_should_accept_only_strictly_increasing_nonces_when_from_one_sender()
    {
        using var sender = Keypair.Generate();
        var guard = new NonceGuard();

        Assert.True(guard.TryAccept(sender.Address, 5));
        Assert.False(guard.TryAccept(sender.Address, 5));
        Assert.False(guard.TryAccept(sender.Address, 4));
        Assert.True(guard.TryAccept(sender.Address, 9));
        Assert.Equal(9UL, guard.LastNonce(sender.Address));
    }

    [Fact]
    public void NonceGuard_should_track_senders_separately_when_several_send()
    {
        using var a = Keypair.Generate();
        using var b = Keypair.Generate();
        var guard = new NonceGuard();

        Assert.True(guard.TryAccept(a.Address, 10));
        Assert.True(guard.TryAccept(b.Address, 1));
        Assert.False(guard.IsFresh(a.Address, 2));
        Assert.Equal(2, guard.SenderCount);
    }

    [Fact]
    public void NonceGuard_should_reject_zero_when_sender_is_new()
    {
        using var a = Keypair.Generate();

        Assert.False(new NonceGuard().TryAccept(a.Address, 0));
    }
}
