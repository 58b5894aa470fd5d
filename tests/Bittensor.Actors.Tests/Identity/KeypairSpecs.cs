using Bittensor.Identity;

namespace Bittensor.Tests.Identity;

public sealed class KeypairSpecs
{
    private static readonly byte[] Message = "set_weights netuid=1"u8.ToArray();

    [Fact]
    public void Keypair_should_verify_its_own_signature_when_message_is_unchanged()
    {
        using var key = Keypair.Generate();
        var signature = key.Sign(Message);

        Assert.Equal(Keypair.SignatureLength, signature.Length);
        Assert.True(key.Verify(Message, signature));
        Assert.True(Keypair.Verify(key.PublicKey, Message, signature));
    }

    [Fact]
    public void Keypair_should_reject_signature_when_message_is_tampered()
    {
        using var key = Keypair.Generate();
        var signature = key.Sign(Message);
        var tampered = (byte[])Message.Clone();
        tampered[0] ^= 1;

        Assert.False(key.Verify(tampered, signature));
    }

    [Fact]
    public void Keypair_should_reject_signature_when_signature_is_tampered_or_truncated()
    {
        using var key = Keypair.Generate();
        var signature = key.Sign(Message);
        var flipped = (byte[])signature.Clone();
        flipped[10] ^= 0x80;

        Assert.False(key.Verify(Message, flipped));
        Assert.False(key.Verify(Message, signature.AsSpan(0, 63)));
    }

    [Fact]
    public void Keypair_should_reject_signature_when_made_by_another_key()
    {
        using var key = Keypair.Generate();
        using var other = Keypair.Generate();

        Assert.False(key.Verify(Message, other.Sign(Message)));
    }

    [Fact]
    public void Keypair_should_be_deterministic_when_made_from_the_same_seed()
    {
        var seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var a = Keypair.FromSeed(seed);
        using var b = Keypair.FromSeed(seed);

        Assert.Equal(a.PublicKey, b.PublicKey);
        Assert.Equal(a.Address, b.Address);
        Assert.Equal(seed, a.ExportSeed());
        Assert.Equal(a.Sign(Message), b.Sign(Message));
    }

    [Fact]
    public void Keypair_should_match_RFC8032_when_seed_is_test_vector_1()
    {
        var seed = Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        using var key = Keypair.FromSeed(seed);

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(key.Sign([])));
    }

    [Fact]
    public void Keypair_should_refuse_to_sign_when_it_holds_only_a_public_key()
    {
        using var key = Keypair.Generate();
        using var publicOnly = Keypair.FromAddress(key.Address);

        Assert.False(publicOnly.CanSign);
        Assert.True(publicOnly.Verify(Message, key.Sign(Message)));
        Assert.Throws<InvalidOperationException>(() => publicOnly.Sign(Message));
    }

    [Fact]
    public void Keypair_should_throw_when_seed_has_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => Keypair.FromSeed(new byte[31]));
    }
}
