namespace Bittensor.Runtime.Tests.Node;

// Only the refusals: a started node runs until a signal, which a test in this process cannot send it.
[Collection(ConsoleCollection.Name)]
public sealed class NodeCommandSpecs
{
    [Theory]
    [InlineData("ledger,miner")]
    [InlineData("validator")]
    public void Miner_and_validator_roles_should_be_refused_as_not_yet_supported(string roles)
    {
        var result = RuntimeCli.Run("node", "--roles", roles, "--port", "0");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("not yet supported", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("--roles", "archive")]
    [InlineData("--block-time", "soon")]
    [InlineData("--seed-nodes", "127.0.0.1:4053")]
    public void Bad_options_should_exit_with_2_and_one_line_on_standard_error(string option, string value)
    {
        var result = RuntimeCli.Run("node", option, value, "--port", "0");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }
}
