using Bittensor.Identity;

namespace Bittensor.Tests.Identity;

public sealed class AddressSpecs
{
    [Fact]
    public void Address_should_round_trip_when_parsed_from_its_text()
    {
        using var key = Keypair.Generate();
        var text = key.Address.ToString();
        var parsed = Address.Parse(text);

        Assert.Equal(key.Address, parsed);
        Assert.Equal(key.PublicKey, parsed.PublicKey);
        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public void Address_should_look_like_an_ss58_address_when_encoded()
    {
        for (var i = 0; i < 20; i++)
        {
            using var key = Keypair.Generate();
            var text = key.Address.ToString();
            Assert.Equal(48, text.Length);
            Assert.StartsWith("5", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Address_should_match_substrate_when_public_key_is_alice_sr25519()
    {
        // Alice's well-known SS58 (prefix 42) address encodes this public key: the encoding is SS58's.
        var alice = Convert.FromHexString("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");

        Assert.Equal("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", Address.FromPublicKey(alice).ToString());
    }

    [Fact]
    public void Address_should_fail_with_checksum_error_when_a_character_is_changed()
    {
        using var key = Keypair.Generate();
        var text = key.Address.ToString().ToCharArray();
        text[20] = text[20] == 'a' ? 'b' : 'a';

        var error = Assert.Throws<FormatException>(() => Address.Parse(new string(text)));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ0", "alphabet")]
    [InlineData("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQl", "alphabet")]
    [InlineData("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGK", "bytes")]
    [InlineData("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQYzz", "bytes")]
    [InlineData("", "empty")]
    public void Address_should_fail_with_clear_error_when_text_is_bad(string text, string expected)
    {
        Assert.False(Address.TryParse(text, out var address, out var error));
        Assert.Null(address);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Address_should_fail_when_network_prefix_is_not_42()
    {
        // Polkadot (prefix 0) address of Alice.
        var error = Assert.Throws<FormatException>(() => Address.Parse("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"));
        Assert.Contains("prefix", error.Message, StringComparison.Ordinal);
    }
}
